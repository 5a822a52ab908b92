#!/usr/bin/env python3
"""Article extraction against Firefox Reader View on the pages of
$LECTOR_SHARED_DIR/benchmarks/readability-pages, scored by bench/extract (word F1 of
`lector segment --json --input-format html`, one run a page; time and memory are the bench's,
not a test's), titles from its meta. Asserts floors slightly below the figures reached, so
that a change that loses articles or titles fails.
Skipped (77) when the pages are absent. The held-out pages of the same suite check that the
figures do not come from tuning to these."""
import importlib.machinery
import importlib.util
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, SRC, check, finish  # noqa: E402

MEAN_F1_FLOOR = 0.986      # reached: 0.990
PAGES_GE_0_9_FLOOR = 88    # reached: 89 of 90
TITLES_FLOOR = 88          # reached: 89 of 90 (the 90th has no title to match)
BELOW_0_6_CEILING = 0      # reached: 0


def main():
    shared = os.environ.get("LECTOR_SHARED_DIR") or os.path.join(SRC, "..", "shared")
    pages = os.path.join(shared, "benchmarks", "readability-pages")
    if not os.path.isdir(pages):
        print(f"skipped: no {pages}")
        sys.exit(77)
    loader = importlib.machinery.SourceFileLoader("bench_extract",
                                                  os.path.join(SRC, "bench", "extract"))
    bench = importlib.util.module_from_spec(importlib.util.spec_from_loader("bench_extract",
                                                                              loader))
    loader.exec_module(bench)
    names = sorted(d for d in os.listdir(pages)
                   if os.path.exists(os.path.join(pages, d, "source.html")))
    rows = [bench.score_page(LECTOR, os.path.join(pages, n), measure_runs=0) for n in names]
    s = bench.summary(rows)
    print(f"mean F1 {s['mean_f1']:.3f}, {s['ge_0_9']} pages >= 0.9, {s['lt_0_6']} < 0.6, "
          f"titles {s['titles_exact']}")
    check(s["mean_f1"] >= MEAN_F1_FLOOR, f"mean F1 {s['mean_f1']:.3f} < {MEAN_F1_FLOOR}")
    check(s["ge_0_9"] >= PAGES_GE_0_9_FLOOR, f"{s['ge_0_9']} pages >= 0.9 < {PAGES_GE_0_9_FLOOR}")
    check(s["titles_exact"] >= TITLES_FLOOR, f"{s['titles_exact']} titles < {TITLES_FLOOR}")
    check(s["lt_0_6"] <= BELOW_0_6_CEILING, f"{s['lt_0_6']} pages < 0.6")
    finish()


if __name__ == "__main__":
    main()
