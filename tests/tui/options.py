"""The reader's options and life cycle in a terminal: --restart, --paused, reading standard
input with keys from the terminal, usage and load errors before the panel starts, a corrupt
position file, and signals (SIGTERM, Ctrl-C) that restore the terminal and keep the position."""
import os
import re
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402


def lector_pid(s):
    shell = s.tmux("display", "-p", "#{pane_pid}").stdout.strip()
    out = subprocess.run(["ps", "-o", "pid=,comm=", "--ppid", shell], capture_output=True,
                         text=True).stdout
    for line in out.split("\n"):
        parts = line.split()
        if len(parts) == 2 and parts[1].startswith("lector"):
            return int(parts[0])
    raise T.Failure("no lector process under the pane's shell: %r" % out)


def go_to_paragraph(s, n_paras, p):
    s.wait_for("paragraph 1 of %d," % n_paras)
    for k in range(2, p + 1):
        s.keys("n")
        s.wait_for("paragraph %d of %d," % (k, n_paras))


def test_restart_and_paused(tmp):
    n = len(T.segment(T.SAMPLE))
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of %d," % n)
        go_to_paragraph(s, n, 3)
        T.expect(s.quit() == 0, "q did not exit 0")
        T.expect(not [e for e in s.trace() if e.get("event") == "audio"],
                 "--paused played audio before Space")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--restart", T.SAMPLE])
        screen = s.wait_for(lambda t: "Paused, paragraph 1 of %d," % n in t and t)
        T.expect("Resumed" not in screen, "--restart still resumed:\n" + screen)
        T.expect(s.quit() == 0, "q did not exit 0")
    # --restart started from the top, and quitting there saved the top.
    with T.Session(tmp) as s:
        s.start(["--audio", "null", T.SAMPLE])
        screen = s.wait_for(lambda t: "Playing, paragraph 1 of %d," % n in t and t)
        T.expect("Resumed" not in screen, "resumed after a restart:\n" + screen)
        T.expect(s.quit() == 0, "q did not exit 0")


def test_stdin_input(tmp):
    n = len(T.segment(T.SAMPLE))
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "-"], stdin_file=T.SAMPLE)
        go_to_paragraph(s, n, 2)
        T.expect(s.quit() == 0, "q did not exit 0 reading stdin")
    # Standard input is remembered by its content.
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "-"], stdin_file=T.SAMPLE)
        s.wait_for("Resumed at paragraph 2 of %d" % n)
        T.expect(s.quit() == 0, "q did not exit 0")


def test_errors_before_the_panel(tmp):
    with T.Session(tmp) as s:
        s.start([], trace=False)
        T.expect(s.exit_status() == 2, "no file with stdin a terminal is not a usage error")
        screen = s.screen()
        T.expect(re.search(r"^lector: .*file", screen, re.M), "no one-line error:\n" + screen)
    with T.Session(tmp, width=250) as s:
        missing = os.path.join(tmp, "missing.txt")
        s.start(["--audio", "null", missing], trace=False)
        T.expect(s.exit_status() == 1, "a missing file does not exit 1")
        screen = s.screen()
        lines = [l for l in screen.split("\n") if l.strip()]
        T.expect(len(lines) == 1 and lines[0].startswith("lector: ") and "missing.txt" in lines[0],
                 "not one line of error:\n" + screen)


def test_corrupt_position_file(tmp):
    n = len(T.segment(T.SAMPLE))
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        go_to_paragraph(s, n, 2)
        T.expect(s.quit() == 0, "q did not exit 0")
    d = os.path.join(tmp, "state", "lector", "positions")
    files = os.listdir(d)
    T.expect(len(files) == 1, "position files: %s" % files)
    path = os.path.join(d, files[0])
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 2])   # truncated, as by a crash of another program
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        screen = s.wait_for(lambda t: "Paused, paragraph 1 of %d," % n in t and t)
        T.expect("Ignored the saved position" in screen, "corrupt file not reported:\n" + screen)
        T.expect(s.quit() == 0, "q did not exit 0 after a corrupt position file")
    with open(path) as f:
        T.expect('"paragraph": 0' in f.read(), "the corrupt file was not replaced")


def test_signals(tmp):
    n = len(T.segment(T.SAMPLE))
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        go_to_paragraph(s, n, 3)
        os.kill(lector_pid(s), signal.SIGTERM)
        T.expect(s.exit_status() == 128 + signal.SIGTERM, "SIGTERM exit status")
        screen = s.screen()
        T.expect("paragraph 3 of" not in screen, "the panel is still on the screen:\n" + screen)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Resumed at paragraph 3 of %d" % n)
        s.keys("n")
        s.wait_for("paragraph 4 of %d," % n)
        s.keys("C-c")
        T.expect(s.exit_status() == 128 + signal.SIGINT, "Ctrl-C exit status")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Resumed at paragraph 4 of %d" % n)
        T.expect(s.quit() == 0, "q did not exit 0")


if __name__ == "__main__":
    sys.exit(T.run([test_restart_and_paused, test_stdin_input, test_errors_before_the_panel,
                    test_corrupt_position_file, test_signals]))
