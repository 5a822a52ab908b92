"""Issue 21: the files the reader writes are as safe as export's. --trace and --audio FILE.wav
never truncate an existing file without -f, never write through a symbolic link, start only once
the input has loaded, land whole; a FIFO is no WAV file; write errors fail the run, named. Voice
profiles the reader cannot use are named, not skipped silently."""
import json
import os
import signal
import stat
import subprocess
import sys
import time
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, check, finish  # noqa: E402

ENV = dict(os.environ, XDG_STATE_HOME=os.path.join(TMP, "state"),
           XDG_CONFIG_HOME=os.path.join(TMP, "config"), LANG="C.UTF-8")
NOTES = "My notes.\n"


def read(*args, **kw):
    """The reader in plain mode, nobody at the keys: it reads to the end and exits."""
    kw.setdefault("env", ENV)
    return subprocess.run([LECTOR, "--plain", "-s", "450", *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, **kw)


def fresh(name, text=NOTES):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def content(path):
    with open(path) as f:
        return f.read()


def one_line(r, what, needle):
    check(r.returncode == 1 and r.stderr.count("\n") == 1 and needle in r.stderr,
          f"{what}: exit {r.returncode}, stderr {r.stderr!r} (wanted one line with {needle!r})")


def test_trace():
    notes = fresh("notes.txt")
    r = read("--audio", "null", "--trace", notes, notes)
    one_line(r, "trace onto the document itself", "already exists; use --force")
    check(content(notes) == NOTES, "--trace truncated the document it reads")

    keep = fresh("keep.log", "old log\n")
    r = read("--trace", keep, os.path.join(TMP, "missing.txt"))
    check(r.returncode == 1 and content(keep) == "old log\n",
          f"a failed run touched the trace file: {content(keep)!r}")
    r = read("-f", "--trace", keep, os.path.join(TMP, "missing.txt"))
    check(r.returncode == 1 and content(keep) == "old log\n",
          "a run that failed before loading replaced the trace file, even with -f")

    victim = fresh("victim.txt", "precious\n")
    link = os.path.join(TMP, "link.jsonl")
    os.symlink(victim, link)
    r = read("--audio", "null", "--trace", link, notes)
    one_line(r, "trace at a symbolic link", "already exists")
    r = read("-f", "--audio", "null", "--trace", link, notes)
    check(r.returncode == 0 and content(victim) == "precious\n" and not os.path.islink(link),
          f"-f wrote through the link (exit {r.returncode}): {content(victim)!r}")
    check('"event":"quit"' in content(link), "the trace replacing the link is incomplete")

    r = read("--audio", "null", "--trace", "/dev/full", notes)
    one_line(r, "--trace /dev/full", "cannot write trace '/dev/full'")


def test_audio():
    doc = fresh("small.txt", "Hi.\n")
    victim = fresh("victim2.txt", "precious\n")
    link = os.path.join(TMP, "link.wav")
    os.symlink(victim, link)
    r = read("--audio", link, doc)
    one_line(r, "--audio at a symbolic link", "already exists; use --force")
    r = read("-f", "--audio", link, doc)
    check(r.returncode == 0 and content(victim) == "precious\n",
          f"--audio -f wrote through a symbolic link: exit {r.returncode}, {r.stderr!r}")

    old = fresh("old.wav", "not audio\n")
    r = read("--audio", old, doc)
    one_line(r, "--audio at an existing file", "already exists")
    check(content(old) == "not audio\n", "--audio truncated an existing file without -f")
    os.chmod(old, 0o600)
    r = read("-f", "--audio", old, doc)
    with wave.open(old) as w:
        frames = w.getnframes()
    check(r.returncode == 0 and frames > 0, f"the recording did not land: {r.stderr!r}")
    check(stat.S_IMODE(os.stat(old).st_mode) == 0o600, "-f did not keep the file's mode")
    check(not [f for f in os.listdir(TMP) if ".lector-" in f], "a temporary file was left")


def test_fifo():
    """A FIFO at --audio: refused at once with the reason (before: a hang only kill -9 ended)."""
    doc = fresh("fifo-doc.txt", "Hi.\n")
    fifo = os.path.join(TMP, "out.wav")
    os.mkfifo(fifo)
    for extra in ([], ["-f"]):
        r = read(*extra, "--audio", fifo, doc)
        one_line(r, "--audio at a FIFO %s" % extra, "WAV needs a seekable file")
    check(stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced")


def test_full_stdout():
    doc = fresh("full.txt", "Hi.\n")
    with open("/dev/full", "w") as full:
        r = subprocess.run([LECTOR, "--plain", "-s", "450", "--audio", "null", doc],
                           stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.PIPE,
                           text=True, env=ENV, timeout=120)
    one_line(r, "plain output to /dev/full", "cannot write to standard output")


def test_closed_stderr():
    """2>&-: fd 2 is /dev/null from the start, so the temporary audio file (the first file
    opened) cannot become fd 2 and take a later warning (a broken default voice) into it."""
    doc = fresh("closed.txt", "Hi.\n")
    out = os.path.join(TMP, "closed.wav")
    config = os.path.join(TMP, "bad-config")
    os.makedirs(os.path.join(config, "lector", "voices"))
    with open(os.path.join(config, "lector", "voices", "default.ini"), "w") as f:
        f.write("speed = zzz\n")
    r = subprocess.run(["sh", "-c", 'exec "$0" export -q "$1" -o "$2" 2>&-', LECTOR, doc, out],
                       capture_output=True, env=dict(ENV, XDG_CONFIG_HOME=config), timeout=120)
    data = b""
    if os.path.exists(out):
        with open(out, "rb") as f:
            data = f.read()
    check(r.returncode == 0 and data[:4] == b"RIFF",
          f"with stderr closed: exit {r.returncode}, output starts {data[:40]!r}")


def test_nohup():
    """A reader started with SIGHUP ignored (nohup) keeps reading when SIGHUP comes: the trace
    reaches the last sentence's audio instead of quitting at the first."""
    doc = fresh("nohup.txt", "The first one is here. The second comes next. The third ends it.\n")
    trace = os.path.join(TMP, "nohup.jsonl")
    p = subprocess.Popen([LECTOR, "--plain", "-s", "450", "--audio", "null", "--restart",
                          "--trace", trace, doc], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV,
                         preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))

    def events():
        try:
            with open(trace) as f:
                return [json.loads(line) for line in f if line.strip()]
        except (OSError, ValueError):
            return []
    deadline = time.monotonic() + 60
    while not any(e.get("event") == "audio" for e in events()) and p.poll() is None:
        check(time.monotonic() < deadline, "no audio in the trace")
        time.sleep(0.02)
    p.send_signal(signal.SIGHUP)
    p.communicate(timeout=120)
    last = [e for e in events() if e.get("event") == "audio" and e.get("sentence") == 2]
    check(p.returncode == 0 and last, f"SIGHUP under nohup stopped reading: exit {p.returncode}")


def test_broken_profiles():
    """Voice profiles that cannot be used (a FIFO, a link that loops, a directory named x.ini)
    are left out of the voices v cycles through, and said; the FIFO is not waited on."""
    config = os.path.join(TMP, "profiles-config")
    voices = os.path.join(config, "lector", "voices")
    os.makedirs(voices)
    os.mkfifo(os.path.join(voices, "fifo.ini"))
    os.symlink("loop.ini", os.path.join(voices, "loop.ini"))
    os.mkdir(os.path.join(voices, "dir.ini"))
    r = read("--audio", "null", fresh("profiles.txt"), env=dict(ENV, XDG_CONFIG_HOME=config))
    check(r.returncode == 0, f"broken profiles stopped the reader: {r.returncode} {r.stderr!r}")
    for name in ("fifo.ini", "loop.ini", "dir.ini"):
        check(any(name in line and "left out" in line for line in r.stderr.split("\n")),
              f"the broken profile {name} was not reported: {r.stderr!r}")


for test in (test_trace, test_audio, test_fifo, test_full_stdout, test_closed_stderr,
             test_nohup, test_broken_profiles):
    test()
finish()
