"""What the command-line tests share: where lector and the sources are, a scratch directory,
and checks that are counted rather than stopping at the first failure."""
import os
import shutil
import subprocess
import sys
import tempfile

LECTOR = os.environ["LECTOR"]
SRC = os.environ.get("LECTOR_SOURCE_DIR", ".")
TMP = tempfile.mkdtemp(dir=os.environ.get("LECTOR_TEST_TMP"))
SAMPLE = os.path.join(SRC, "samples", "online-safety.txt")

failures = []


def check(cond, what):
    """Records a failed check (and prints it); returns cond."""
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def run(*args, **kw):
    """lector with args, text output captured."""
    return subprocess.run([LECTOR, *args], capture_output=True, text=True, timeout=300, **kw)


def write(name, text):
    """Writes text (UTF-8; bytes as they are) to the file name in TMP; returns its path."""
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def segment_page(name, html):
    """`lector segment` on html written to the file name in TMP: its exit status and its output
    with every run of white space one space (invalid UTF-8 shown, not raised)."""
    p = subprocess.run([LECTOR, "segment", write(name, html)], capture_output=True, timeout=300)
    return p.returncode, " ".join(p.stdout.decode("utf-8", "replace").split())


def finish():
    """Exits 1 when a check failed (keeping TMP to look at), else removes TMP and exits 0."""
    if failures:
        print(f"{len(failures)} check(s) failed; files kept in {TMP}", file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(0)
