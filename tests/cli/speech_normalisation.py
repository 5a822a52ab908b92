#!/usr/bin/env python3
"""Scores the reading rules through the real CLI (bench/speech-normalisation): the shared
benchmark must pass all 41 cases (the count reached), our own English cases (news, recipes,
sports, science, finance) all 40, the German ones (-v de) at least 90 %."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LECTOR = os.environ.get("LECTOR") or (sys.argv[1] if len(sys.argv) > 1 else "build/lector")
BENCH = os.path.join(ROOT, "bench", "speech-normalisation")
SHARED = os.path.join(ROOT, "..", "shared", "benchmarks", "speech_normalisation_en.json")

checks = [(os.path.join(ROOT, "tests", "data", "speech_normalisation_own_en.json"), 56),
          (os.path.join(ROOT, "tests", "data", "speech_normalisation_own_de.json"), 36)]
if os.path.exists(SHARED):
    checks.insert(0, (SHARED, 41))
failed = 0
for path, need in checks:
    r = subprocess.run([sys.executable, BENCH, "--lector", LECTOR, "--min", str(need), "-V", path],
                       capture_output=True, text=True)
    print(os.path.basename(path), r.stdout.strip(), sep="\n")
    if r.returncode != 0:
        print(f"FAIL: fewer than {need} cases pass in {path}\n{r.stderr}")
        failed = 1
sys.exit(failed)
