#!/usr/bin/env python3
"""Sentences by language, through the built `lector segment --lang XX`: the score of
bench/segment-languages on ../shared/benchmarks/segment_multilingual.json must not drop below
the count reached (FLOOR), and no language may fall below its floor either. Skipped (77) when
the shared data is absent."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, SRC, check, finish  # noqa: E402

FLOOR = 260
# Per language: the cases passed when FLOOR was set; a drop in any of them fails. With these, no
# language is below 75 % (the lowest: en, 56 of 70).
LANGUAGE_FLOORS = {"am": 2, "ar": 7, "bg": 3, "da": 38, "de": 24, "el": 2, "en": 56, "es": 25,
                   "fa": 2, "fr": 3, "hi": 2, "hy": 18, "it": 25, "ja": 6, "kk": 9, "my": 2,
                   "nl": 2, "pl": 1, "ru": 29, "ur": 2, "zh": 2}


def main():
    shared = os.environ.get("LECTOR_SHARED_DIR")
    data = os.path.join(shared or "", "benchmarks", "segment_multilingual.json")
    if not shared or not os.path.exists(data):
        print(f"skipped: no {data}")
        sys.exit(77)
    bench = os.path.join(SRC, "bench", "segment-languages")
    p = subprocess.run([sys.executable, bench, "--json", LECTOR], capture_output=True, text=True,
                       timeout=1200, env={**os.environ, "LECTOR_SHARED_DIR": shared})
    check(p.returncode == 0, f"bench/segment-languages: exit {p.returncode}: {p.stderr}")
    score = json.loads(p.stdout)
    print(f"segment_multilingual through lector segment --lang: {score['passed']} of "
          f"{score['cases']}")
    check(score["passed"] >= FLOOR, f"{score['passed']} cases passed, fewer than {FLOOR}")
    for lang, floor in LANGUAGE_FLOORS.items():
        got = score["languages"].get(lang, {}).get("passed", 0)
        check(got >= floor, f"{lang}: {got} cases passed, fewer than {floor}")
    finish()


main()
