"""What a person at a terminal sees from the command line (issue 20): Ctrl-C during an export
exits 130 with one line and no stray "^C" on the screen (with the progress bar and with -q), and
`lector -` with the terminal as standard input says how to end the text."""
import glob
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib  # noqa: E402
from tmuxlib import Session, expect  # noqa: E402


def long_text(tmp):
    path = os.path.join(tmp, "long.txt")
    with open(tmuxlib.SAMPLE, encoding="utf-8") as f:
        sample = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join([sample] * 20))
    return path


def interrupted_cleanly(s, out):
    status = s.exit_status()
    screen = s.screen()
    expect(status == 130, f"Ctrl-C: exit {status}, want 130; the screen shows:\n{screen}")
    expect("lector: interrupted; nothing was written" in screen,
           f"Ctrl-C: no message; the screen shows:\n{screen}")
    expect("^C" not in screen, f"a stray ^C is left on the screen:\n{screen}")
    expect(not os.path.exists(out), "Ctrl-C: the output was written")


def test_ctrl_c_with_progress(tmp):
    out = os.path.join(tmp, "out.ogg")
    with Session(tmp, width=80, height=24) as s:
        s.start(["export", "-j", "1", long_text(tmp), "-o", out], trace=False)
        s.wait_for(r"\d+%\s+\d+:\d\d of audio", timeout=120)
        s.keys("C-c")
        interrupted_cleanly(s, out)


def test_ctrl_c_quiet(tmp):
    out = os.path.join(tmp, "out.ogg")
    with Session(tmp, width=80, height=24) as s:
        s.start(["export", "-q", "-j", "1", long_text(tmp), "-o", out], trace=False)
        # The temporary file appears once the document is read and the export runs.
        deadline = time.monotonic() + 120
        while not glob.glob(os.path.join(tmp, ".*.lector-*")):
            expect(time.monotonic() < deadline, "the export never started")
            time.sleep(tmuxlib.POLL)
        s.keys("C-c")
        interrupted_cleanly(s, out)


def test_stdin_on_a_terminal(tmp):
    with Session(tmp, width=80, height=24) as s:
        s.start(["segment", "-"], trace=False)
        s.wait_for(r"lector: reading standard input, end with Ctrl-D")
        s.type("Typed at the terminal. A second sentence.")
        s.keys("Enter", "C-d")
        status = s.exit_status()
        screen = s.screen()
        expect(status == 0, f"segment -: exit {status}; the screen shows:\n{screen}")
        expect("\nA second sentence.\n" in screen, f"the typed text was not read:\n{screen}")


if __name__ == "__main__":
    sys.exit(tmuxlib.run([test_ctrl_c_with_progress, test_ctrl_c_quiet, test_stdin_on_a_terminal]))
