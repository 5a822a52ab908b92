"""The reader (`lector --audio null --paused FILE` in tmux) on the hostile inputs of issue 6.
Each run either shows the panel ("Paused, paragraph 1 of N"), reaches the last paragraph with
End and quits with q and exit status 0, or exits 1 with one "lector: ..." line on the screen.
Never a signal, a hang (generous deadlines), a sanitizer report, or memory beyond the bound of
tests/data/hostile/hostile.py; the window title stays what it was."""
import os
import re
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "data", "hostile"))
import tmuxlib as T  # noqa: E402
import hostile  # noqa: E402

DEADLINE = 120.0   # a 5 MB paragraph laid out under ASan on a busy machine: generous
REAL_LECTOR = T.LECTOR


def timed_lector(tmp):
    """A wrapper that runs lector under /usr/bin/time, so that its peak RSS can be read."""
    path = os.path.join(tmp, "lector-timed")
    with open(path, "w") as f:
        f.write("#!/bin/sh\nexec /usr/bin/time -f %%M -o %s %s \"$@\"\n" %
                (shlex.quote(os.path.join(tmp, "rss")), shlex.quote(REAL_LECTOR)))
    os.chmod(path, 0o755)
    return path


def peak_kb(tmp):
    try:
        with open(os.path.join(tmp, "rss")) as f:
            nums = [int(l) for l in f.read().split("\n") if l.strip().isdigit()]
        return nums[-1] if nums else None
    except FileNotFoundError:
        return None


def paragraphs_of(path):
    """N as the reader must show it: the paragraph count of `lector segment`, or None."""
    import subprocess
    p = subprocess.run([REAL_LECTOR, "segment", path], capture_output=True)
    if p.returncode != 0:
        return None
    return len([x for x in p.stdout.split(b"\n\n") if x.strip()])


def run_case(tmp, case, path, size, check):
    n = paragraphs_of(path) if os.path.isfile(path) else None
    if os.path.exists(os.path.join(tmp, "rss")):
        os.unlink(os.path.join(tmp, "rss"))
    env = {"ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "exitcode=86") +
           ":quarantine_size_mb=16:hard_rss_limit_mb=%d" % hostile.HARD_RSS_MB}
    # Wide, so that a one-line error naming a long path is not wrapped by the pane.
    with T.Session(tmp, width=250, height=40) as s:
        s.start(["--audio", "null", "--paused", path], env=env, trace=False)
        title = s.title()

        def settled(screen):
            return (re.search(r"Paused, paragraph 1 of \d+", screen) or "EXIT=" in screen or
                    os.path.exists(s.exit_path)) and screen
        screen = s.wait_for(settled, timeout=DEADLINE)
        if os.path.exists(s.exit_path) and not re.search(r"Paused, paragraph", screen):
            rc = s.exit_status(DEADLINE)
            screen = s.screen()
            lines = [l for l in screen.split("\n") if l.strip() and not l.startswith("EXIT")]
            T.expect(rc == 1, "%s: exit %d before the panel:\n%s\n%s" %
                     (case, rc, screen, s.log_tail()))
            T.expect(len(lines) == 1 and lines[0].startswith("lector: "),
                     "%s: exit 1 must come with one 'lector: ...' line:\n%s" % (case, screen))
            T.expect(check is None or not check.startswith(hostile.VALID_TEXT_CHECKS),
                     "%s: a valid text refused: %s" % (case, lines))
            result = "exit 1: " + lines[0][:70]
        else:
            if n is not None:
                T.expect("Paused, paragraph 1 of %d," % n in screen,
                         "%s: not paragraph 1 of %d:\n%s" % (case, n, screen))
            s.keys("End")
            if n is not None:
                s.wait_for(r"paragraph %d of %d," % (n, n), timeout=DEADLINE)
            s.keys("Home")
            s.wait_for(r"paragraph 1 of \d+,", timeout=DEADLINE)
            s.keys("q")
            rc = s.exit_status(DEADLINE)
            T.expect(rc == 0, "%s: q gave exit %d:\n%s" % (case, rc, s.log_tail()))
            result = "exit 0, %s paragraphs" % n
        T.expect(s.title() == title, "%s: the window title changed to %r" % (case, s.title()))
        log = s.log_tail()
        T.expect(not any(m in log for m in hostile.SANITIZER_MARKS),
                 "%s: sanitizer report:\n%s" % (case, log))
    rss = peak_kb(tmp)
    bound = (hostile.FIXED_RSS + 20 * size) // 1024
    T.expect(rss is None or rss <= bound or hostile.UNDER_VALGRIND,
             "%s: peak RSS %s kB above the bound %d kB" % (case, rss, bound))
    print("%-18s %s, peak %s MB" % (case, result, rss // 1024 if rss else "?"))


def test_hostile_inputs(tmp):
    os.chmod(tmp, 0o755)
    T.LECTOR = timed_lector(tmp)
    inputs = hostile.make_inputs(tmp)
    for case, path, size, check in inputs:
        run_case(tmp, case, path, size, check)
    run_case(tmp, "directory", tmp, 0, None)
    run_case(tmp, "/dev/zero", "/dev/zero", 448 * hostile.MB // 20, None)


def test_fifo(tmp):
    T.LECTOR = timed_lector(tmp)
    fifo, feeder = hostile.make_fifo(tmp, b"One from a pipe. Two from a pipe.\n\nThird.\n")
    try:
        with T.Session(tmp) as s:
            s.start(["--audio", "null", "--paused", fifo], trace=False)
            s.wait_for(r"Paused, paragraph 1 of 2,", timeout=DEADLINE)
            s.keys("q")
            T.expect(s.exit_status(DEADLINE) == 0, "q did not exit with 0")
    finally:
        hostile.unfeed_fifo(fifo)
        feeder.join(5)


def test_audio_failure_in_panel(tmp):
    """The sound output fails while reading (a recording that meets the file size limit):
    reading stops, the message line says why and offers Space, and the reason stays on screen
    after other keys for as long as reading is stopped."""
    path = os.path.join(tmp, "lector-small-files")
    with open(path, "w") as f:
        # An ignored SIGXFSZ is inherited: the write fails with EFBIG instead of killing.
        f.write("#!/bin/sh\ntrap '' XFSZ\nulimit -f 600\nexec %s \"$@\"\n" %
                shlex.quote(REAL_LECTOR))
    os.chmod(path, 0o755)
    T.LECTOR = path
    reason = "Reading stopped: File too large. Space tries again."
    try:
        with T.Session(tmp) as s:
            s.start(["--audio", os.path.join(tmp, "rec.wav"), "-s", "450", T.SAMPLE])
            s.wait_for(re.escape(reason), timeout=DEADLINE)
            at = re.search(r"Paused, paragraph (\d+) of", s.screen())
            T.expect(at is not None, "reading did not stop:\n" + s.screen())
            s.keys("n")
            s.wait_for(r"Paused, paragraph %d of" % (int(at.group(1)) + 1), timeout=DEADLINE)
            T.expect(reason in s.screen(), "a key erased the reason:\n" + s.screen())
            s.keys("q")
            T.expect(s.exit_status(DEADLINE) == 0, "q did not exit with 0")
    finally:
        T.LECTOR = REAL_LECTOR


if __name__ == "__main__":
    sys.exit(T.run([test_hostile_inputs, test_fifo, test_audio_failure_in_panel]))
