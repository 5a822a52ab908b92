"""lector export -o DIR/ FILE... (issue 18, point 5): one output per input named after it, a
missing input reported without stopping the others (exit 1), a second run skipping what is up to
date, -f and a changed input redoing it, --from LIST, two inputs with one output name, the same
audio as a single export, and nothing partial left after Ctrl-C in the middle of a batch."""
import glob
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, SRC, TMP, SAMPLE, check, run, finish  # noqa: E402


def decoded(path):
    """The samples of an audio file (Ogg files differ in their random stream serial number)."""
    return subprocess.run(["sox", path, "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-"],
                          capture_output=True, check=True).stdout


def leftovers(directory):
    return glob.glob(os.path.join(directory, ".*.lector-*"))


d = os.path.join(TMP, "accept")
os.mkdir(d)
shutil.copy(os.path.join(SRC, "samples", "hard-wrapped.txt"), os.path.join(d, "a.txt"))
shutil.copy(os.path.join(SRC, "samples", "article.md"), os.path.join(d, "b.md"))
shutil.copy(os.path.join(SRC, "samples", "article.html"), os.path.join(d, "c.html"))
out = os.path.join(d, "out")
names = ["a.txt", "b.md", "c.html", "missing.txt"]

# The acceptance case: three written, the missing one reported, exit 1.
r = run("export", "-o", "out/", *names, cwd=d)
check(r.returncode == 1, f"accept: exit {r.returncode}, want 1 ({r.stderr!r})")
check(sorted(os.listdir(out)) == ["a.ogg", "b.ogg", "c.ogg"] if os.path.isdir(out) else False,
      f"accept: wrote {os.listdir(out) if os.path.isdir(out) else 'no directory'}")
check("3 written" in r.stderr and "1 failed" in r.stderr, f"accept: summary {r.stderr!r}")
check("lector: failed: missing.txt: cannot open 'missing.txt': No such file or directory"
      in r.stderr.splitlines(), f"accept: the missing file's reason {r.stderr!r}")
for name in ("a", "b", "c"):
    path = os.path.join(out, name + ".ogg")
    if os.path.exists(path):
        dur = subprocess.run(["soxi", "-D", path], capture_output=True, text=True).stdout
        check(float(dur or 0) > 5, f"accept: {name}.ogg holds {dur!r} s")
mtimes = {n: os.stat(os.path.join(out, n)).st_mtime_ns for n in os.listdir(out)}

# The same audio as exporting each alone.
single = os.path.join(d, "single.ogg")
r1 = run("export", "-q", os.path.join(d, "b.md"), "-o", single)
check(r1.returncode == 0 and decoded(single) == decoded(os.path.join(out, "b.ogg")),
      "batch and single export of b.md differ")

# A second run skips all three and changes nothing.
r = run("export", "-o", "out/", "a.txt", "b.md", "c.html", cwd=d)
check(r.returncode == 0, f"rerun: exit {r.returncode} ({r.stderr!r})")
check("0 written, 3 up to date" in r.stderr, f"rerun: summary {r.stderr!r}")
check({n: os.stat(os.path.join(out, n)).st_mtime_ns for n in os.listdir(out)} == mtimes,
      "rerun: an up-to-date output was rewritten")

# An input changed since its output: only that one is redone; -f redoes all.
future = time.time() + 5
os.utime(os.path.join(d, "b.md"), (future, future))
r = run("export", "-o", "out/", "a.txt", "b.md", "c.html", cwd=d)
check("1 written, 2 up to date" in r.stderr, f"stale: summary {r.stderr!r}")
r = run("export", "-f", "-o", "out/", "a.txt", "b.md", "c.html", "-j", "1", cwd=d)
check(r.returncode == 0 and "3 written, 0 up to date" in r.stderr, f"force: {r.stderr!r}")
check(not leftovers(out), f"force: left {leftovers(out)}")

# --from LIST (one path a line, blank lines skipped) and --format; the same output name twice.
with open(os.path.join(d, "list"), "w") as f:
    f.write("a.txt\n\nc.html\r\n")
r = run("export", "-o", "wavs/", "--from", "list", "--format", "wav", "b.md", cwd=d)
check(r.returncode == 0 and sorted(os.listdir(os.path.join(d, "wavs"))) ==
      ["a.wav", "b.wav", "c.wav"], f"--from: exit {r.returncode}, {r.stderr!r}")
shutil.copy(os.path.join(d, "a.txt"), os.path.join(d, "a.md"))
r = run("export", "-o", "twice/", "a.txt", "a.md", cwd=d)
check(r.returncode == 1 and os.listdir(os.path.join(d, "twice")) == ["a.ogg"],
      f"same name: exit {r.returncode}, {r.stderr!r}")
check("failed: a.md: its output" in r.stderr, f"same name: reason {r.stderr!r}")

# Usage: several inputs need a directory.
r = run("export", "-o", "one.wav", "a.txt", "b.md", cwd=d)
check(r.returncode == 2 and not os.path.exists(os.path.join(d, "one.wav")),
      f"several inputs to one file: exit {r.returncode}, {r.stderr!r}")

# Ctrl-C in the middle of a batch (to the whole process group, as a terminal does): exit 130,
# no temporary file, and each output present is whole (the same audio as a complete run).
d = os.path.join(TMP, "interrupt")
os.mkdir(d)
with open(SAMPLE, encoding="utf-8") as f:
    sample = f.read()
docs = []
for i in range(4):
    path = os.path.join(d, f"doc{i}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join([sample] * 2))
    docs.append(path)
out = os.path.join(d, "out")
p = subprocess.Popen([LECTOR, "export", "-j", "2", "-o", out + "/", *docs],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                     start_new_session=True)
deadline = time.monotonic() + 120
# Once one document is written and others are under way.
while p.poll() is None and time.monotonic() < deadline:
    if os.path.isdir(out) and any(not n.startswith(".") for n in os.listdir(out)) \
       and leftovers(out):
        break
    time.sleep(0.005)
check(p.poll() is None, "interrupt: the batch ended before it could be interrupted")
os.killpg(p.pid, signal.SIGINT)
_, err = p.communicate(timeout=120)
check(p.returncode == 130, f"interrupt: exit {p.returncode}, want 130 ({err!r})")
check("interrupted" in err and "nothing partial" in err, f"interrupt: message {err!r}")
check(not leftovers(out), f"interrupt: left {leftovers(out)}")
done = sorted(n for n in os.listdir(out))
check(0 < len(done) < 4, f"interrupt: {done} written")
full = os.path.join(d, "full")
r = run("export", "-q", "-o", full + "/", *docs)
check(r.returncode == 0, f"full run: {r.stderr!r}")
for n in done:
    check(decoded(os.path.join(out, n)) == decoded(os.path.join(full, n)),
          f"interrupt: {n} is not whole")
# A rerun picks up where it stopped: the outputs present are kept.
r = run("export", "-o", out + "/", *docs)
check(r.returncode == 0 and f"{4 - len(done)} written, {len(done)} up to date" in r.stderr,
      f"resume: {r.stderr!r}")

finish()
