"""Issue 21, export and messages: nohup's SIGHUP stays ignored; a commit holds the directory
lock; temporaries of a killed export are removed by the next; a renamed folder takes the export
with it; a 255-byte output name works; warnings are limited per file and lone C1 bytes escaped;
limits and interruptions are named."""
import fcntl
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, finish  # noqa: E402

ENV = dict(os.environ, XDG_STATE_HOME=os.path.join(TMP, "state"),
           XDG_CONFIG_HOME=os.path.join(TMP, "config"), LANG="C.UTF-8")
DEADLINE = 120


def export(*args, **kw):
    return subprocess.run([LECTOR, "export", "-q", *args], capture_output=True, text=True,
                          env=ENV, timeout=300, **kw)


def start(*args, preexec_fn=None):
    return subprocess.Popen([LECTOR, "export", "-q", "-j", "1", *args], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=preexec_fn)


def temporaries(d):
    return [f for f in os.listdir(d) if ".lector-" in f]


def poll(cond, what):
    deadline = time.monotonic() + DEADLINE
    while not cond():
        if time.monotonic() > deadline:
            raise SystemExit("gave up waiting for " + what)
        time.sleep(0.02)


def folder(name):
    d = os.path.join(TMP, name)
    os.mkdir(d)
    return d


def long_text(d, copies=6):
    with open(SAMPLE, encoding="utf-8") as f:
        sample = f.read()
    path = os.path.join(d, "long.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write((sample + "\n\n") * copies)
    return path


def test_nohup():
    d = folder("nohup")
    out = os.path.join(d, "out.wav")
    p = start(long_text(d), "-o", out,
              preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    poll(lambda: temporaries(d), "the export's temporary file")
    p.send_signal(signal.SIGHUP)
    _, err = p.communicate(timeout=300)
    check(p.returncode == 0 and os.path.exists(out),
          f"under nohup SIGHUP stopped the export: exit {p.returncode}, {err!r}")


def test_lock():
    """While another holds the folder's lock, the commit waits (it shows in /proc/locks as a
    waiter); it lands once the lock is let go."""
    d = folder("lock")
    doc = os.path.join(d, "short.txt")
    with open(doc, "w") as f:
        f.write("One sentence.\n")
    out, timings = os.path.join(d, "out.wav"), os.path.join(d, "out.json")
    fd = os.open(d, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    p = start(doc, "-o", out, "--timings", timings)
    ino = os.stat(d).st_ino

    def waiting():
        with open("/proc/locks") as f:
            return any("->" in line and (":%d " % ino) in line for line in f) or \
                p.poll() is not None
    poll(waiting, "the export to wait for the lock")
    check(p.poll() is None and not os.path.exists(out),
          "the export committed while another process held the folder's lock")
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
    p.communicate(timeout=300)
    check(p.returncode == 0 and os.path.exists(out) and os.path.exists(timings),
          "the export did not land after the lock was let go")


def test_stale_and_renamed_folder():
    d = folder("killed")
    text = long_text(d)
    out = os.path.join(d, "t.wav")
    p = start(text, "-o", out)
    poll(lambda: temporaries(d), "the temporary file")
    p.kill()
    p.wait()
    check(temporaries(d), "SIGKILL left nothing to clean up (the test proves nothing)")
    r = export(os.path.join(d, "long.txt"), "-o", out, "-j", "2")
    check(r.returncode == 0 and not temporaries(d),
          f"the next export left the killed one's temporaries: {temporaries(d)}")

    d = folder("moving")
    text = long_text(d)
    p = start(text, "-o", os.path.join(d, "m.wav"))
    poll(lambda: temporaries(d), "the temporary file")
    p.send_signal(signal.SIGSTOP)
    moved = d + "-renamed"
    os.rename(d, moved)
    p.send_signal(signal.SIGCONT)
    _, err = p.communicate(timeout=300)
    check(p.returncode == 0 and os.path.exists(os.path.join(moved, "m.wav")) and
          not temporaries(moved), f"renaming the folder mid-export: exit {p.returncode}, "
          f"{err!r}, left {temporaries(moved)}")


def test_long_name():
    d = folder("long-name")
    for length in (241, 255):
        name = "n" * (length - 4) + ".wav"
        r = export("/dev/stdin", "-o", os.path.join(d, name), input="Hi.\n")
        check(r.returncode == 0 and os.path.exists(os.path.join(d, name)),
              f"a valid {length}-byte output name: {r.stderr!r}")


def test_warnings():
    d = folder("warnings")
    lexicon = os.path.join(d, "lexicon")
    with open(lexicon, "w") as f:
        f.write("no equals sign here\n" * 80000)
    doc = os.path.join(d, "doc.txt")
    with open(doc, "w") as f:
        f.write("Hi.\n")
    r = export("--lexicon", lexicon, doc, "-o", os.path.join(d, "w.wav"))
    lines = r.stderr.splitlines()
    check(r.returncode == 0 and len(lines) == 21 and lines[-1].endswith("and 79,980 more"),
          f"80,000 bad lexicon lines gave {len(lines)} lines, the last {lines[-1:]!r}")


def test_c1_bytes():
    d = folder("c1")
    name = os.path.join(d.encode(), b"x\x9b31mred.txt")
    r = subprocess.run([LECTOR.encode(), b"export", name, b"-o", b"/dev/null.wav"],
                       capture_output=True, env=ENV, timeout=60)
    check(b"\x9b" not in r.stderr and b"\\x9b" in r.stderr,
          f"a lone 0x9B reached stderr: {r.stderr!r}")


def test_fifo_input_interrupted():
    d = folder("fifo-in")
    fifo = os.path.join(d, "in.txt")
    os.mkfifo(fifo)
    p = start(fifo, "-o", os.path.join(d, "f.wav"))

    def blocked():
        with open("/proc/%d/wchan" % p.pid) as f:
            return f.read() == "wait_for_partner"   # open() of a FIFO waiting for a writer
    poll(blocked, "the export to block opening the FIFO")
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    # Stopped by Ctrl-C: the shell's convention, 128 + SIGINT, as any interrupted export.
    check(p.returncode == 130 and "Interrupted system call" not in err,
          f"Ctrl-C on a FIFO without writer: exit {p.returncode}, {err!r}")


def test_limit_named():
    d = folder("big")
    big = os.path.join(d, "big.txt")
    with open(big, "wb") as f:
        f.truncate((64 << 20) + 1)
    r = export(big, "-o", os.path.join(d, "b.wav"))
    check(r.returncode == 1 and "64 MiB" in r.stderr, f"the size limit is not named: {r.stderr!r}")


for test in (test_nohup, test_lock, test_stale_and_renamed_folder, test_long_name, test_warnings,
             test_c1_bytes, test_fifo_input_interrupted, test_limit_named):
    test()
finish()
