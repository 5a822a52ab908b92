"""The settings file $XDG_CONFIG_HOME/lector/config: [keys] rebinding shown by the help screen,
reader settings (speed, colour, stop after each paragraph), command-line options winning, and a
bad line reported with its number while the defaults stay."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402


def write_config(tmp, text):
    d = os.path.join(tmp, "config", "lector")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config"), "w") as f:
        f.write(text)


def test_rebinding(tmp):
    n = len(T.segment(T.SAMPLE))
    write_config(tmp, "[keys]\nnext-paragraph = j, Down\nhelp = h, ?\n")
    with T.Session(tmp, height=60) as s:   # the whole key list in one column
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of %d," % n)
        s.keys("j")
        s.wait_for("Paused, paragraph 2 of %d," % n)
        s.keys("h")
        screen = s.wait_settled("press any key to close")
        T.expect(re.search(r"(?m)^ *j, Down +next paragraph \(next-paragraph\)$", screen),
                 "help does not show the new binding:\n" + screen)
        T.expect(re.search(r"(?m)^ *h, \? +show / hide", screen), "help key not shown:\n" + screen)
        T.expect(not re.search(r"Down, n", screen), "help shows the old binding:\n" + screen)
        s.keys("Escape")
        s.wait_for(lambda t: "press any key" not in t)
        T.expect(s.quit() == 0, "q did not exit 0")


def test_reader_settings(tmp):
    write_config(tmp, "[reader]\nspeed = 210\ncolour = no\n")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for(r"Paused, paragraph 1 of \d+, sentence 1 of \d+, 0:00 of \d+:\d\d, (\d+:\d\d left, )?210 wpm")
        T.expect(s.highlighted(7), "no reverse video without colour")
        T.expect(not T.colours_used(s.screen(escapes=True)), "colour = no still used colour")
        T.expect(s.quit() == 0, "q did not exit 0")
    # The command line wins over the file.
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "-s", "150", T.SAMPLE])
        s.wait_for(r", 150 wpm")
        T.expect(s.quit() == 0, "q did not exit 0")


def test_bad_line(tmp):
    write_config(tmp, "[reader]\nspeed = fast\n")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        screen = s.wait_for(lambda t: "Settings file line 2" in t and t)
        T.expect("fast" in screen, "the bad value is not named:\n" + screen)
        T.expect("210 wpm" not in screen and re.search(r", \d+ wpm", screen),
                 "no default speed:\n" + screen)
        T.expect(s.quit() == 0, "a bad settings line is fatal")
        # Once the panel is gone, the warning is on the terminal too, with file and line.
        # A long path wraps, and the space the line broke at is gone from the capture.
        after = s.screen().replace("\n", "")
        T.expect(re.search(r"lector: ?warning: ?.*/config:2: ?speed ?must ?be", after),
                 "no warning with the line number after exit:\n" + after)
    # A voice that does not exist is such a line too: the default voice reads. (With -v it is
    # an error: the user asked for that voice just now.)
    write_config(tmp, "[reader]\nspeed = 300\nvoice = nosuch\n")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        screen = s.wait_for(lambda t: "Settings file line 3" in t and t)
        T.expect("nosuch" in screen and "lector voices" in screen,
                 "the unknown voice is not named:\n" + screen)
        T.expect(re.search(r", 300 wpm, volume \d+, voice \w", screen),
                 "the other settings or a voice are missing:\n" + screen)
        T.expect(s.quit() == 0, "an unknown voice in the settings is fatal")


def test_stop_after_paragraph(tmp):
    path = os.path.join(tmp, "short.txt")
    with open(path, "w") as f:
        f.write("Only one sentence here.\n\nThe second paragraph.\n")
    write_config(tmp, "stop-after-paragraph = yes\n")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "-s", "400", path])
        s.wait_for("Playing, paragraph 1 of 2")
        s.wait_for("Paused, paragraph")
        s.keys("Space")
        s.wait_for("Playing, paragraph 2 of 2")
        T.expect(s.quit() == 0, "q did not exit 0")
    # With no terminal at all (a script's job: no keyboard could resume it), the pause ends the
    # run, and the next run goes on from there.
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "config"),
               XDG_STATE_HOME=os.path.join(tmp, "detached-state"))
    for want in ("Only one sentence here.", "The second paragraph."):
        r = subprocess.run(["setsid", T.LECTOR, "--audio", "null", "-s", "400", path],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env,
                           timeout=T.DEADLINE)
        T.expect(r.returncode == 0, "no terminal: exit %d: %s" % (r.returncode, r.stderr))
        read = [l for l in r.stdout.split("\n") if l and not l.startswith("[")]
        T.expect(r.stdout.startswith("[Playing, paragraph") and read[:1] == [want],
                 "no terminal: did not read %r:\n%s" % (want, r.stdout))
        T.expect("[Paused]" in r.stdout or "[Finished]" in r.stdout,
                 "no terminal: no stop shown:\n" + r.stdout)


if __name__ == "__main__":
    sys.exit(T.run([test_rebinding, test_reader_settings, test_bad_line,
                    test_stop_after_paragraph]))
