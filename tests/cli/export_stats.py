"""What bench/export reads from lector export (LECTOR_BENCH_STATS=1): one lector-stats line per
run whose CPU figures hold together (the parent's CPU includes its encoding), and the same
audio with or without it; the Ogg file decodes to exactly as many samples as the WAV and the
timings say (the encoder, not the synthesis, is what differs between formats)."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, failures, finish  # noqa: E402

STATS = re.compile(r"^lector-stats: jobs=(\d+) synth_cpu=([\d.]+) encode_cpu=([\d.]+) "
                   r"run=([\d.]+) parent_cpu=([\d.]+) forked=([\d.]+) synth_end=([\d.]+) "
                   r"held_mb=([\d.]+)$", re.M)


def export(out, *extra, stats=True):
    env = dict(os.environ)
    env.pop("LECTOR_BENCH_STATS", None)
    if stats:
        env["LECTOR_BENCH_STATS"] = "1"
    r = subprocess.run([LECTOR, "export", "-q", SAMPLE, "-o", out, *extra], capture_output=True,
                       text=True, timeout=300, env=env)
    if not check(r.returncode == 0, f"export {out}: exit {r.returncode}: {r.stderr.strip()}"):
        finish()
    return r.stderr


def decoded_samples(path):
    raw = subprocess.run(["sox", path, "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-"],
                         capture_output=True, check=True).stdout
    return len(raw) // 2


for fmt, jobs in (("wav", "2"), ("ogg", "1")):
    out = os.path.join(TMP, f"stats.{fmt}")
    err = export(out, "-j", jobs, "--timings", out + ".json")
    found = STATS.findall(err)
    if not check(len(found) == 1, f"{fmt}: one lector-stats line in {err!r}"):
        continue
    j, synth, encode, run, parent, forked, synth_end, held = found[0]
    synth, encode, run, parent = float(synth), float(encode), float(run), float(parent)
    check(0 < float(forked) <= float(synth_end) <= run,
          f"{fmt}: workers forked, then the synthesis ended, within the run: {found[0]}")
    check(j == jobs, f"{fmt}: jobs={j}, asked {jobs}")
    check(synth > 0 and encode > 0 and run > 0, f"{fmt}: CPU and run times measured: {found[0]}")
    check(parent >= encode, f"{fmt}: the parent's CPU {parent} includes its encoding {encode}")
    # The audio a worker held for the parent: some, never more than its ring (12 MB).
    check(0 < float(held) <= 12, f"{fmt}: {held} MB of audio held at most")
    with open(out + ".json", encoding="utf-8") as f:
        doc = json.load(f)
    n = decoded_samples(out)
    check(n == round(doc["duration"] * doc["sample_rate"]),
          f"{fmt}: {n} samples decoded, the timings say {doc['duration']} s")

# The stats line is all LECTOR_BENCH_STATS changes.
plain = os.path.join(TMP, "plain.wav")
check(export(plain, "-j", "2", stats=False) == "", "no output without LECTOR_BENCH_STATS")
r = subprocess.run(["cmp", plain, os.path.join(TMP, "stats.wav")], capture_output=True, text=True)
check(r.returncode == 0, f"audio differs with LECTOR_BENCH_STATS: {r.stdout.strip()}")
check(decoded_samples(os.path.join(TMP, "stats.ogg")) == decoded_samples(plain),
      "the Ogg and the WAV have the same samples count")

finish()
