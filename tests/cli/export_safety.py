"""lector export never leaves a partial file: Ctrl-C during a long export, an existing output
without --force, a write error; and the one-line errors with their exit statuses."""
import glob
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, run, failures, finish  # noqa: E402


def one_line(r, what):
    lines = r.stderr.splitlines()
    check(len(lines) == 1 and lines[0].startswith("lector: "),
          f"{what}: expected one 'lector: ' line, got {r.stderr!r}")


def leftovers(directory):
    return glob.glob(os.path.join(directory, ".*.lector-*"))


# Ctrl-C during a long export (the sample 20 times): nothing is left, neither the output nor
# the temporary file.
d = os.path.join(TMP, "interrupt")
os.mkdir(d)
long_text = os.path.join(d, "long.txt")
with open(SAMPLE, encoding="utf-8") as f:
    sample = f.read()
with open(long_text, "w", encoding="utf-8") as f:
    for _ in range(20):
        f.write(sample + "\n\n")
out = os.path.join(d, "long.ogg")
p = subprocess.Popen([LECTOR, "export", long_text, "-o", out, "--timings",
                      os.path.join(d, "long.json")],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
deadline = time.monotonic() + 60
while not leftovers(d) and p.poll() is None and time.monotonic() < deadline:
    time.sleep(0.005)
check(bool(leftovers(d)), "interrupt: the temporary file never appeared")
p.send_signal(signal.SIGINT)
_, err = p.communicate(timeout=60)
check(p.returncode == 130, f"interrupt: exit {p.returncode}, want 130 (128 + SIGINT)")
check(err.strip() == "lector: interrupted; nothing was written",
      f"interrupt: message {err!r}")
check(sorted(os.listdir(d)) == ["long.txt"], f"interrupt: left {os.listdir(d)}")

# SIGTERM likewise, later in the export (once audio has been written).
p = subprocess.Popen([LECTOR, "export", long_text, "-o", out, "-j", "2"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
deadline = time.monotonic() + 60
while p.poll() is None and time.monotonic() < deadline:
    temps = leftovers(d)
    if temps and os.path.getsize(temps[0]) > 100000:
        break
    time.sleep(0.005)
p.send_signal(signal.SIGTERM)
_, err = p.communicate(timeout=60)
check(p.returncode == 143, f"terminate: exit {p.returncode}, want 143 (128 + SIGTERM)")
check(err.strip() == "lector: interrupted; nothing was written", f"terminate: message {err!r}")
check(sorted(os.listdir(d)) == ["long.txt"], f"terminate: left {os.listdir(d)}")

# Ctrl-C in a terminal signals the whole process group (workers and their synthesis children
# too): still one line, nothing left.
p = subprocess.Popen([LECTOR, "export", long_text, "-o", out, "-j", "2"], start_new_session=True,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
deadline = time.monotonic() + 60
while p.poll() is None and time.monotonic() < deadline:
    temps = leftovers(d)
    if temps and os.path.getsize(temps[0]) > 50000:
        break
    time.sleep(0.005)
os.killpg(p.pid, signal.SIGINT)
_, err = p.communicate(timeout=60)
check(p.returncode == 130, f"group interrupt: exit {p.returncode}")
check(err.strip() == "lector: interrupted; nothing was written",
      f"group interrupt: message {err!r}")
check(sorted(os.listdir(d)) == ["long.txt"], f"group interrupt: left {os.listdir(d)}")

# An existing output is kept without --force (before any synthesis), replaced with it.
d = os.path.join(TMP, "force")
os.mkdir(d)
out = os.path.join(d, "out.wav")
with open(out, "w") as f:
    f.write("keep me")
r = run("export", SAMPLE, "-o", out)
check(r.returncode == 1, f"existing: exit {r.returncode}")
one_line(r, "existing")
check("--force" in r.stderr, f"existing: no hint about --force: {r.stderr!r}")
with open(out) as f:
    check(f.read() == "keep me", "existing: the output was changed")
# The same for an existing timings file, even when the audio does not exist yet.
side = os.path.join(d, "t.json")
with open(side, "w") as f:
    f.write("{}")
r = run("export", SAMPLE, "-o", os.path.join(d, "new.wav"), "--timings", side)
check(r.returncode == 1, f"existing timings: exit {r.returncode}")
one_line(r, "existing timings")
check(not os.path.exists(os.path.join(d, "new.wav")), "existing timings: audio written anyway")
r = run("export", SAMPLE, "-o", out, "--force", "--timings", side)
check(r.returncode == 0, f"--force: exit {r.returncode}: {r.stderr}")
with wave.open(out) as w:
    check(w.getnframes() > 22050 * 60, "--force: the new output is not the export")
with open(side) as f:
    check(len(f.read()) > 1000, "--force: timings not replaced")
check(not leftovers(d), f"force: left {leftovers(d)}")

# A dangling symbolic link at the output is there too: refused at once, before the input is
# even read (here there is none), and left as it was.
link = os.path.join(d, "dangling.wav")
os.symlink(os.path.join(d, "nowhere.wav"), link)
r = run("export", os.path.join(d, "no-input.txt"), "-o", link)
check(r.returncode == 1 and "already exists" in r.stderr, f"dangling link: {r.returncode} {r.stderr!r}")
check(os.path.islink(link) and not os.path.exists(os.path.join(d, "nowhere.wav")),
      "dangling link: it was followed or replaced")
check(not leftovers(d), f"dangling link: left {leftovers(d)}")

# A directory at -o or --timings is never replaced, --force or not: refused at once, before the
# input is read (here there is none), and left as it was.
d = os.path.join(TMP, "force-dirs")
os.mkdir(d)
for name in ("out.wav", "out.json"):
    os.mkdir(os.path.join(d, name))
    with open(os.path.join(d, name, "keep"), "w") as f:
        f.write("mine")
    r = run("export", os.path.join(d, "no-input.txt"), "--force",
            "-o", os.path.join(d, "out.wav" if name == "out.wav" else "x.wav"),
            "--timings", os.path.join(d, "out.json" if name == "out.json" else "x.json"))
    check(r.returncode == 1, f"{name} a directory: exit {r.returncode}")
    check(r.stderr.strip() == f"lector: cannot write '{os.path.join(d, name)}': Is a directory",
          f"{name} a directory: {r.stderr!r}")
    check(sorted(os.listdir(d)) == [name] and os.listdir(os.path.join(d, name)) == ["keep"],
          f"{name} a directory: left {os.listdir(d)}")
    shutil.rmtree(os.path.join(d, name))

# With --force, an audio file that cannot be put in place when the export ends (a directory of
# that name appeared meanwhile) leaves the old timings as they were: the export fails whole,
# and loses nothing. Without old timings, the new ones do not stay behind alone.
d = os.path.join(TMP, "force-fails")
os.mkdir(d)
side = os.path.join(d, "out.json")
for old in ("old timings", None):
    if old:
        with open(side, "w") as f:
            f.write(old)
    p = subprocess.Popen([LECTOR, "export", long_text, "-o", os.path.join(d, "out.wav"),
                          "--timings", side, "--force"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(leftovers(d)) < 2 and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.mkdir(os.path.join(d, "out.wav"))
    _, err = p.communicate(timeout=300)
    what = f"force, audio fails ({'old timings' if old else 'no timings'})"
    check(p.returncode == 1, f"{what}: exit {p.returncode}")
    check(err.strip() == f"lector: cannot write '{os.path.join(d, 'out.wav')}': Is a directory",
          f"{what}: message {err!r}")
    if old:
        check(os.path.exists(side) and open(side).read() == old, f"{what}: the old timings were lost")
    want = ["out.json", "out.wav"] if old else ["out.wav"]
    check(sorted(os.listdir(d)) == want, f"{what}: left {os.listdir(d)}")
    os.rmdir(os.path.join(d, "out.wav"))
    if old:
        os.unlink(side)

# A file that appears while the export runs is kept, and the export then leaves neither file:
# the audio without its timings (or the other way round) would be half an export.
d = os.path.join(TMP, "appears")
os.mkdir(d)
for appearing in ("a.wav", "a.json"):
    p = subprocess.Popen([LECTOR, "export", long_text, "-o", os.path.join(d, "a.wav"),
                          "--timings", os.path.join(d, "a.json")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(leftovers(d)) < 2 and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    with open(os.path.join(d, appearing), "w") as f:
        f.write("someone else's")
    _, err = p.communicate(timeout=300)
    check(p.returncode == 1, f"{appearing} appears: exit {p.returncode}")
    check(err.strip() == f"lector: '{os.path.join(d, appearing)}' already exists; "
          "use --force to replace it", f"{appearing} appears: message {err!r}")
    check(sorted(os.listdir(d)) == [appearing], f"{appearing} appears: left {os.listdir(d)}")
    with open(os.path.join(d, appearing)) as f:
        check(f.read() == "someone else's", f"{appearing} appears: it was changed")
    os.unlink(os.path.join(d, appearing))

# A new file gets the mode the user's umask gives any new file.
d = os.path.join(TMP, "umask")
os.mkdir(d)
r = run("export", SAMPLE, "-o", os.path.join(d, "u.wav"), "--timings", os.path.join(d, "u.srt"),
        preexec_fn=lambda: os.umask(0o027))
check(r.returncode == 0, f"umask: exit {r.returncode}: {r.stderr}")
for name in ("u.wav", "u.srt"):
    mode = os.stat(os.path.join(d, name)).st_mode & 0o777
    check(mode == 0o640, f"umask 027: {name} has mode {mode:o}")

# A write error (file size limit): one line, exit 1, nothing left.
d = os.path.join(TMP, "fsize")
os.mkdir(d)


def small_files():
    resource.setrlimit(resource.RLIMIT_FSIZE, (200000, 200000))


r = run("export", SAMPLE, "-o", os.path.join(d, "big.wav"), preexec_fn=small_files)
check(r.returncode == 1, f"write error: exit {r.returncode}")
one_line(r, "write error")
check("cannot write" in r.stderr and "big.wav" in r.stderr, f"write error: {r.stderr!r}")
check(os.listdir(d) == [], f"write error: left {os.listdir(d)}")

# Missing input: one line, exit 1.
d = os.path.join(TMP, "errors")
os.mkdir(d)
r = run("export", os.path.join(d, "missing.txt"), "-o", os.path.join(d, "x.wav"))
check(r.returncode == 1, f"missing input: exit {r.returncode}")
one_line(r, "missing input")
check(os.listdir(d) == [], f"missing input: left {os.listdir(d)}")

# Unwritable directory: one line, exit 1. Root writes anywhere, so it gets a directory that is
# not a directory.
ro = os.path.join(d, "ro")
os.mkdir(ro)
os.chmod(ro, 0o555)
target = os.path.join(ro, "x.wav")
if os.geteuid() == 0:
    with open(os.path.join(d, "file"), "w") as f:
        f.write("x")
    target = os.path.join(d, "file", "x.wav")
r = run("export", SAMPLE, "-o", target)
check(r.returncode == 1, f"unwritable: exit {r.returncode}")
one_line(r, "unwritable")
r = run("export", SAMPLE, "-o", os.path.join(d, "no", "such", "dir.wav"))
check(r.returncode == 1, f"missing directory: exit {r.returncode}")
one_line(r, "missing directory")
os.chmod(ro, 0o755)

# An unknown voice: the message the reader gives, exit 1, nothing left.
r = run("export", SAMPLE, "-v", "xyzzy", "-o", os.path.join(d, "v.wav"))
check(r.returncode == 1, f"unknown voice: exit {r.returncode}")
one_line(r, "unknown voice")
check("xyzzy" in r.stderr and "lector voices" in r.stderr,
      f"unknown voice: {r.stderr!r}")
check(not os.path.exists(os.path.join(d, "v.wav")) and not leftovers(d),
      "unknown voice: output left")

# Unknown extensions: usage errors, exit 2, before anything else.
r = run("export", SAMPLE, "-o", os.path.join(d, "x.aac"))
check(r.returncode == 2, f"unknown extension: exit {r.returncode}")
one_line(r, "unknown extension")
r = run("export", SAMPLE, "-o", os.path.join(d, "x.wav"), "--timings", os.path.join(d, "t.txt"))
check(r.returncode == 2, f"unknown timings extension: exit {r.returncode}")
one_line(r, "unknown timings extension")
r = run("export", os.path.join(d, "missing.txt"), "-o", os.path.join(d, "x.aac"))
check(r.returncode == 2, f"unknown extension before missing input: exit {r.returncode}")
check(sorted(os.listdir(d)) == sorted(["ro", "file"] if os.geteuid() == 0 else ["ro"]),
      f"errors: left {os.listdir(d)}")

if not failures:
    print("ok")
finish()
