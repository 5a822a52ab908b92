"""Plain mode, for screen readers and braille displays: no full-screen drawing, one line per
sentence in reading order, short status lines, the same keys. Chosen by --plain, and on its own
when TERM=dumb or when the output is not a terminal."""
import os
import re
import resource
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402

TEXT = ("The first short sentence. A second one.\n\n"
        "Paragraph two begins. It ends here.\n\n"
        "Three is the last paragraph.\n")


def write_doc(tmp):
    path = os.path.join(tmp, "plain.txt")
    with open(path, "w") as f:
        f.write(TEXT)
    return path


def lines_of(screen):
    return [l.rstrip() for l in screen.rstrip("\n").split("\n")]


def sentence_lines(screen):
    """The screen without the bracketed status lines, as `lector segment` would print it."""
    out = [l for l in lines_of(screen) if not l.startswith("[") and not l.startswith("EXIT")]
    while out and not out[0]:
        out.pop(0)
    return out


def test_reads_in_order(tmp):
    path = write_doc(tmp)
    expected = []
    for p in T.segment(path):
        expected += p + [""]
    expected.pop()
    with T.Session(tmp) as s:
        s.start(["--plain", "--audio", "null", "--speed", "400", path])
        screen = s.wait_for(lambda t: "[Finished]" in t and t)
        T.expect(sentence_lines(screen)[: len(expected)] == expected,
                 "plain output is not the sentences in order:\n%s\nexpected:\n%s" %
                 (screen, "\n".join(expected)))
        T.expect(lines_of(screen)[0].startswith("[Playing, paragraph 1 of 3"),
                 "no status line first:\n" + screen)
        T.expect(s.quit() == 0, "q did not exit 0")
        # Nothing was drawn full-screen: what was printed is still there after exit.
        T.expect("Three is the last paragraph." in s.screen(), "output gone after exit")


def keys_scenario(s, paras):
    """The session is 60 rows tall: ? prints every key, one a line, and the first must still be
    on screen."""
    n = len(paras)
    s.wait_for(r"\[Paused, paragraph 1 of %d" % n)
    s.keys("n")
    s.wait_for(lambda t: sentence_lines(t)[-1:] == [paras[1][0]])
    s.keys("p")
    s.wait_for(lambda t: sentence_lines(t)[-1:] == [paras[0][0]])
    s.keys("Down")
    s.wait_for(lambda t: sentence_lines(t).count(paras[1][0]) == 2)
    s.keys("Space")
    s.wait_for(r"(?m)^\[Playing\]$")
    s.keys("Space")
    s.wait_for(r"(?m)^\[Paused\]$")
    s.keys("+")
    s.wait_for(r"(?m)^\[\d+ wpm\]$")
    s.keys("?")
    s.wait_for(r"(?m)^  Down, n +next paragraph \(next-paragraph\)$")
    T.expect(s.quit() == 0, "q did not exit 0")
    keys = [e["key"] for e in s.trace() if e.get("event") == "key"]
    T.expect(keys == ["n", "p", "KEY_DOWN", "SPACE", "SPACE", "+", "?", "q"],
             "keys traced: %s" % keys)


def test_keys_with_plain(tmp):
    path = write_doc(tmp)
    with T.Session(tmp, height=60) as s:
        s.start(["--plain", "--audio", "null", "--paused", path])
        keys_scenario(s, T.segment(path))


def test_dumb_terminal(tmp):
    path = write_doc(tmp)
    with T.Session(tmp, height=60) as s:
        s.start(["--audio", "null", "--paused", path], env={"TERM": "dumb"})
        keys_scenario(s, T.segment(path))


def test_output_to_a_pipe(tmp):
    path = write_doc(tmp)
    paras = T.segment(path)
    with T.Session(tmp, height=60) as s:
        # stdout is a pipe (| cat), the keys still come from the terminal.
        s.start(["--audio", "null", "--paused", path], pipe_to="cat")
        keys_scenario(s, paras)


def test_announce_in_plain(tmp):
    """--announce works the same in plain mode: the screen reader reads the printed lines, lector
    says the confirmations; the end is printed once, as [Finished]."""
    path = write_doc(tmp)
    with T.Session(tmp) as s:
        s.start(["--plain", "--announce", "--audio", "null", "--paused", "-s", "400", path])
        status = s.wait_for(r"\[Paused, paragraph 1 of 3.*\]").group(0)
        volume = int(re.search(r"volume (\d+)", status).group(1))
        s.keys("]")
        s.wait_for(r"(?m)^\[volume %d\]$" % (volume + 10))
        said = lambda text: s.wait_trace(lambda e: e.get("event") == "announce" and
                                         e.get("text") == text, what="announce %r" % text)
        said("volume %d percent" % (volume + 10))
        s.keys("/")
        s.type("zqxj")
        s.keys("Enter")
        s.wait_for(r"(?m)^\[No match for zqxj\]$")
        said("no match for zqxj")
        s.keys("G")
        s.wait_for(lambda t: sentence_lines(t)[-1:] == ["Three is the last paragraph."])
        s.keys("Space")
        screen = s.wait_for(lambda t: "[Finished]" in t and t)
        said("end of the article")
        T.expect("End of the article" not in s.screen(), "the end printed twice:\n" + screen)
        T.expect(s.quit() == 0, "q did not exit 0")


def test_audio_failure(tmp):
    """When the audio output fails (here a recording that hits the file size limit), reading
    stops and says why; with no terminal to press Space in, lector exits 1 with that reason."""
    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # the write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (300000, 300000))

    env = dict(os.environ, XDG_STATE_HOME=os.path.join(tmp, "state"),
               XDG_CONFIG_HOME=os.path.join(tmp, "config"))
    r = subprocess.run(["setsid", T.LECTOR, "--audio", os.path.join(tmp, "rec.wav"), "-s", "450",
                        T.SAMPLE], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       env=env, preexec_fn=small_files, timeout=T.DEADLINE * 3)
    T.expect("[Reading stopped: File too large.]" in r.stdout,
             "the failure is not shown (or offers Space with no keyboard):\n" + r.stdout)
    T.expect(r.returncode == 1 and r.stderr == "lector: reading stopped: File too large\n",
             "exit %d, stderr %r" % (r.returncode, r.stderr))


if __name__ == "__main__":
    sys.exit(T.run([test_reads_in_order, test_keys_with_plain, test_dumb_terminal,
                    test_output_to_a_pipe, test_announce_in_plain, test_audio_failure]))
