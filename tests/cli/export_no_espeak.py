"""lector export where espeak-ng's library cannot be loaded (a broken installation, here a file
that is no library first on LD_LIBRARY_PATH): export loads it before making any file, so one
document and a batch both end with one line naming the library, exit 1, and leave nothing."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, check, finish, write  # noqa: E402

lib_dir = os.path.join(TMP, "lib")
os.mkdir(lib_dir)
with open(os.path.join(lib_dir, "libespeak-ng.so.1"), "w", encoding="utf-8") as f:
    f.write("not a library\n")
env = dict(os.environ, LD_LIBRARY_PATH=lib_dir)
doc = write("doc.txt", "One sentence to read.\n")
doc2 = write("doc2.txt", "Another sentence to read.\n")
out_dir = os.path.join(TMP, "out")
os.mkdir(out_dir)

for what, args, made in (("one document", ["-o", os.path.join(out_dir, "doc.wav")], out_dir),
                         ("a batch", ["-o", os.path.join(TMP, "batch") + "/", doc2],
                          os.path.join(TMP, "batch"))):
    r = subprocess.run([LECTOR, "export", "-q", doc, *args], capture_output=True, text=True,
                       timeout=60, env=env)
    lines = r.stderr.strip().splitlines()
    check(r.returncode == 1, f"{what}: exit {r.returncode}, expected 1")
    check(len(lines) == 1 and lines[0].startswith("lector: cannot load libespeak-ng.so.1"),
          f"{what}: one line naming the library: {r.stderr!r}")
    left = os.listdir(made) if os.path.isdir(made) else []
    check(left == [], f"{what}: files left behind: {left}")

finish()
