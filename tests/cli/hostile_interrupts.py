"""Issue 21 points 4 and 6: Ctrl-C and SIGTERM end lector in every state, at the first signal.
- The reader while the sound device does not answer: ALSA's own configuration (~/.asoundrc)
  makes the default device a file plugin writing into a FIFO nobody reads, so opening the
  device blocks, as a hung sound server would. Before, the signals were blocked around the open
  and only kill -9 ended lector.
- export - reading a pipe that never closes (read() was retried after EINTR), and export while
  libxml2 parses a large page (the signal waited for the parse).
Each waits for the state through /proc, signals once and waits with a generous deadline."""
import glob
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, check, finish  # noqa: E402

ENV = dict(os.environ, XDG_STATE_HOME=os.path.join(TMP, "state"),
           XDG_CONFIG_HOME=os.path.join(TMP, "config"), LANG="C.UTF-8")
DEADLINE = 120


def poll(cond, what, p):
    deadline = time.monotonic() + DEADLINE
    while not cond():
        if p.poll() is not None:
            return False
        if time.monotonic() > deadline:
            p.kill()
            p.communicate()
            raise SystemExit("gave up waiting for " + what)
        time.sleep(0.02)
    return True


def waits_in(p, channel):
    """Whether a thread of p sleeps in a kernel function named like `channel`."""
    for path in glob.glob("/proc/%d/task/*/wchan" % p.pid):
        try:
            with open(path) as f:
                if channel in f.read():
                    return True
        except OSError:
            pass
    return False


def cpu_of(pid):
    """CPU seconds a running process has used so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reap(p):
    """Waits for p within the deadline, pipes left open (closing stdin would end a read):
    (exit status, CPU seconds it used in all), or None when it did not end."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            p.returncode = os.waitstatus_to_exitcode(status)
            return p.returncode, usage.ru_utime + usage.ru_stime
        time.sleep(0.02)
    p.kill()
    p.wait()
    return None


def ended(p, sig, what):
    """Sends sig once; the process must end with 128 + sig within the deadline. Returns
    (stderr, CPU seconds used in all), or None."""
    p.send_signal(sig)
    done = reap(p)
    err = p.stderr.read()
    if not done:
        check(False, f"{what}: {signal.Signals(sig).name} did not end lector")
        return None
    check(p.returncode == 128 + sig,
          f"{what}: exit {p.returncode} after {signal.Signals(sig).name}, {err!r}")
    check("ERROR: " not in err and "runtime error" not in err, f"{what}: sanitizer: {err!r}")
    return err, done[1]


def hung_device_env():
    home = os.path.join(TMP, "home")
    os.makedirs(home, exist_ok=True)
    fifo = os.path.join(home, "device.fifo")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    with open(os.path.join(home, ".asoundrc"), "w") as f:
        f.write('pcm.!default {\n type file\n slave.pcm "null"\n file "%s"\n format "raw"\n}\n'
                % fifo)
    # No PulseAudio server there, so that the sound library falls back to ALSA's default.
    return dict(ENV, HOME=home, PULSE_SERVER="unix:" + os.path.join(home, "no-server"))


def test_hung_device():
    text = os.path.join(TMP, "short.txt")
    with open(text, "w") as f:
        f.write("A short text to read.\n")
    trace = os.path.join(TMP, "device-trace.jsonl")
    for spec, sig in (("device", signal.SIGINT), ("auto", signal.SIGTERM)):
        p = subprocess.Popen([LECTOR, "--plain", "--trace", trace, "--audio", spec, text],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=hung_device_env())
        if not poll(lambda: waits_in(p, "wait_for_partner"), "the device open to block", p):
            _, err = p.communicate()
            print(f"note: ALSA did not open the FIFO device, not tested ({err!r})")
            return
        ended(p, sig, f"--audio {spec} while the device hangs")
        check(not os.path.exists(trace), "the trace landed for a run stopped before reading")
        check(not [f for f in os.listdir(TMP) if ".lector-" in f],
              f"temporaries left: {os.listdir(TMP)}")


def test_export_stdin_pipe():
    out = os.path.join(TMP, "pipe.wav")
    p = subprocess.Popen([LECTOR, "export", "-q", "-", "-o", out], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    p.stdin.write("A text whose writer never closes the pipe.\n")
    p.stdin.flush()
    poll(lambda: waits_in(p, "pipe_read") or waits_in(p, "pipe_wait"),   # by kernel version
         "the export to wait for more input", p)
    done = ended(p, signal.SIGINT, "export - on an open pipe")
    p.stdin.close()
    check(done is None or "interrupted" in done[0], f"not said to be interrupted: {done}")
    check(not os.path.exists(out), "an interrupted export wrote its output")


def test_export_parse():
    """Stopped while libxml2 parses: the export ends at once instead of parsing on. Told apart by
    CPU time, not the clock: what it uses after the signal must be a small part of what loading
    the page costs (measured first, with `lector segment`)."""
    page = os.path.join(TMP, "big.html")
    with open(page, "w") as f:
        f.write("<html><body>" + "<p>Some words of a sentence here, and more.</p>\n" * 100000 +
                "</body></html>")
    size = os.path.getsize(page)
    ref = subprocess.Popen([LECTOR, "segment", page], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, env=ENV)
    done = reap(ref)
    if not check(done and done[0] == 0, "segment of the large page failed"):
        return
    load_cpu = done[1]
    out = os.path.join(TMP, "big.wav")
    p = subprocess.Popen([LECTOR, "export", "-q", page, "-o", out],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    at_signal = [0.0]

    def parsing():
        """The page read whole and its file closed; less than half the loading done."""
        try:
            with open("/proc/%d/io" % p.pid) as f:
                rchar = int(f.read().split("rchar:")[1].split()[0])
            fds = [os.readlink(x) for x in glob.glob("/proc/%d/fd/*" % p.pid)]
            at_signal[0] = cpu_of(p.pid)
        except (OSError, IndexError):
            return False
        return rchar >= size and page not in fds
    poll(parsing, "the export to parse the page", p)
    if at_signal[0] > load_cpu / 2:
        print(f"note: the signal came late in loading ({at_signal[0]} of {load_cpu} s)")
    done = ended(p, signal.SIGINT, "export while the page is parsed")
    if done:
        after = done[1] - at_signal[0]
        check(after < load_cpu / 4, f"went on loading after Ctrl-C: {after:.2f} s of CPU after the "
              f"signal, loading costs {load_cpu:.2f} s")
    check(not os.path.exists(out), "an interrupted export wrote its output")


for test in (test_hung_device, test_export_stdin_pipe, test_export_parse):
    test()
finish()
