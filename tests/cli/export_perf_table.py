"""The README's performance table is what scripts/perf-table makes of the saved bench output
(issue 18, point 6): no figure typed by hand. Runs no benchmark and times nothing: it only
checks that the table in README.md is the one generated from bench/results/, and that the
check notices a figure that differs."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import SRC, TMP, check, finish  # noqa: E402

script = os.path.join(SRC, "scripts", "perf-table")
readme = os.path.join(SRC, "README.md")
results = sorted(os.path.join(SRC, "bench", "results", n)
                 for n in os.listdir(os.path.join(SRC, "bench", "results")) if n.endswith(".txt"))

r = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True)
check(r.returncode == 0, f"README.md's table is not the generated one: {r.stderr}")

# Every RESULT row appears, with the peer's figure and the ratio.
with open(readme, encoding="utf-8") as f:
    text = f.read()
rows = [line for path in results for line in open(path, encoding="utf-8")
        if line.startswith("RESULT ")]
check(len(rows) > 0, "no RESULT lines in bench/results")
benches = {json.loads(row[len("RESULT "):])["bench"] for row in rows}
table = [line for line in text.splitlines()
         if any(line.startswith(f"| {bench} |") for bench in benches)]
check(len(table) == len(rows), f"{len(rows)} results, {len(table)} rows in README.md")

# A figure changed in a copy of the results: the check fails on it, and regenerating fixes it.
copy_readme = os.path.join(TMP, "README.md")
shutil.copy(readme, copy_readme)
changed = os.path.join(TMP, "changed.txt")
with open(changed, "w", encoding="utf-8") as f:
    for path in results:
        for line in open(path, encoding="utf-8"):
            f.write(line.replace('"ours": ', '"ours": 1', 1))
r = subprocess.run([sys.executable, script, "--check", "--readme", copy_readme, changed],
                   capture_output=True, text=True)
check(r.returncode == 1, f"a changed figure passed the check: {r.returncode} {r.stderr!r}")
r = subprocess.run([sys.executable, script, "--readme", copy_readme, changed],
                   capture_output=True, text=True)
r2 = subprocess.run([sys.executable, script, "--check", "--readme", copy_readme, changed],
                    capture_output=True, text=True)
check(r.returncode == 0 and r2.returncode == 0, f"regenerating: {r.stderr!r} {r2.stderr!r}")

finish()
