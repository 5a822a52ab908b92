#!/usr/bin/env python3
"""Export word timings stay on the written words with the reading rules on: on the sample
article, and on a text dense with rules (money, units, ranges, times, links), at least 99 % of
the words in the timings JSON have audio (start < end), in order. `segment` (the display) shows
that text as written: only --speech rewrites it."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import SAMPLE, TMP, check, finish, run  # noqa: E402

DENSE = ("Prices rose 5–7% to £1.5bn in the 1980s. It was −5 °C at 9:00–17:30 on 3 Feb. "
         "See https://www.example.org/a/b or mail help@example.org today. "
         "Add 250 g of flour, ½ a cup of milk and 3/4 tsp of salt. "
         "World War II ended; Henry VIII ruled. The score was 3:1 at 12.30pm, approx. 2 km away.\n")


def timed_share(name, src, *opts):
    out, timings = os.path.join(TMP, name + ".wav"), os.path.join(TMP, name + ".json")
    r = run("export", "-q", "-f", *opts, src, "-o", out, "--timings", timings)
    if not check(r.returncode == 0, f"export {name} failed: {r.stderr}"):
        return
    with open(timings, encoding="utf-8") as f:
        data = json.load(f)
    words = [w for p in data["paragraphs"] for s in p["sentences"] for w in s["words"]]
    timed = [w for w in words if w["start"] < w["end"]]
    share = len(timed) / max(len(words), 1)
    print(f"{name}: {len(timed)} of {len(words)} words timed ({100 * share:.1f} %)")
    check(len(words) > 10 and share >= 0.99,
          f"{name}: {len(timed)} of {len(words)} words timed; untimed: "
          f"{[w['text'] for w in words if w['start'] >= w['end']][:20]}")
    starts = [w["start"] for w in words]
    check(starts == sorted(starts), f"{name}: words out of order")


timed_share("sample", SAMPLE)
dense = os.path.join(TMP, "dense.txt")
with open(dense, "w", encoding="utf-8") as f:
    f.write(DENSE)
timed_share("dense", dense)
timed_share("dense-all", dense, "--punctuation", "all")
r = run("segment", dense)
shown = " ".join(r.stdout.split())
check(r.returncode == 0 and shown == " ".join(DENSE.split()),
      f"segment does not show the text as written:\n{r.stdout}")
finish()
