"""Issue 21 point 12: after kill -STOP and fg the panel works as before. An interactive shell puts
its own terminal mode back (cooked, echoing) when a job stops and prints "Stopped"; on fg it
only sends SIGCONT. Here the test plays the shell: it stops lector, sets the pane's terminal to
`stty sane` and writes a "Stopped" line on it, then continues lector. Keys must then act at once
(not wait for Enter), not be echoed, and the panel must be drawn whole again."""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402

STOPPED = "[1]+  Stopped                 lector"


def lector_pid(s):
    """The pane's shell runs lector (env execs it) as its only child."""
    shell = int(s.tmux("display", "-p", "#{pane_pid}").stdout.strip())
    deadline = time.monotonic() + T.DEADLINE
    while time.monotonic() < deadline:
        try:
            with open("/proc/%d/task/%d/children" % (shell, shell)) as f:
                children = f.read().split()
        except OSError:
            children = []
        if children:
            return int(children[0])
        time.sleep(T.POLL)
    raise T.Failure("no lector process under the pane's shell")


def wait_state(pid, letter):
    deadline = time.monotonic() + T.DEADLINE
    while True:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        if state == letter:
            return
        if time.monotonic() > deadline:
            raise T.Failure("lector never reached state %s (it is %s)" % (letter, state))
        time.sleep(T.POLL)


def stop_as_a_shell_does(s):
    """kill -STOP; the shell's mode and its Stopped line on the terminal; fg's SIGCONT."""
    pid = lector_pid(s)
    tty = s.tmux("display", "-p", "#{pane_tty}").stdout.strip()
    os.kill(pid, signal.SIGSTOP)
    wait_state(pid, "T")
    subprocess.run(["stty", "-F", tty, "sane"], check=True)
    with open(tty, "w") as f:
        f.write("\r\n" + STOPPED + "\r\n")
    s.wait_for(lambda t: STOPPED in t)
    os.kill(pid, signal.SIGCONT)


def test_stop_and_continue(tmp):
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        stop_as_a_shell_does(s)

        # Drawn whole again: the shell's line is gone.
        s.wait_for(lambda t: STOPPED not in t and "Paused, paragraph 1 of" in t)
        # cbreak: n acts without Enter; noecho: the keys do not appear on the screen.
        s.keys("n", "n", "n")
        screen = s.wait_for("Paused, paragraph 4 of")
        T.expect("nnn" not in s.screen(), "the keys were echoed:\n%s" % s.screen())
        # keypad: an arrow is one key, not Escape and two letters.
        s.keys("Down")
        s.wait_for("Paused, paragraph 5 of")
        T.expect(s.quit() == 0, "q did not exit 0 after the stop:\n%s" % screen)


def test_plain_stop_and_continue(tmp):
    """Plain mode (screen readers) reads its keys raw too: the same after fg."""
    with T.Session(tmp) as s:
        s.start(["--plain", "--audio", "null", "--paused", T.SAMPLE])
        s.wait_for(r"\[Paused, paragraph 1 of")
        stop_as_a_shell_does(s)
        fourth = T.normalise(T.segment(T.SAMPLE)[3][0])
        s.keys("n", "n", "n")   # plain mode prints the sentence it moves to
        s.wait_for(lambda t: fourth in T.normalise(t))
        T.expect("nnn" not in s.screen(), "the keys were echoed:\n%s" % s.screen())
        T.expect(s.quit() == 0, "q did not exit 0 after the stop")


if __name__ == "__main__":
    sys.exit(T.run([test_stop_and_continue, test_plain_stop_and_continue]))
