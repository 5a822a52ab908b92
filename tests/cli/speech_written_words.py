#!/usr/bin/env python3
"""Highlighting and timings stay on the written words: exporting "It was −5 °C and £1.5bn was
spent." gives a timings JSON whose words include "−5", "°C" and "£1.5bn" as written, each with
audio (end > start), in order, together covering the time of the spoken "minus 5 degrees
Celsius" and "1.5 billion pounds"; `segment --json --speech` names the rules that fired."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import TMP, check, finish, run  # noqa: E402

src = os.path.join(TMP, "money.txt")
with open(src, "w", encoding="utf-8") as f:
    f.write("It was −5 °C and £1.5bn was spent.\n")
out, timings = os.path.join(TMP, "money.wav"), os.path.join(TMP, "money.json")
r = run("export", "-q", "-f", src, "-o", out, "--timings", timings)
check(r.returncode == 0, f"export failed: {r.stderr}")
with open(timings, encoding="utf-8") as f:
    data = json.load(f)
words = [w for p in data["paragraphs"] for s in p["sentences"] for w in s["words"]]
texts = [w["text"] for w in words]
for want in ("−5", "°C", "£1.5bn"):
    check(want in texts, f"no written word {want!r} in {texts}")
if all(t in texts for t in ("−5", "°C", "£1.5bn", "and", "was")):
    w = {t: words[texts.index(t)] for t in ("It", "−5", "°C", "and", "£1.5bn")}
    for t in ("−5", "°C", "£1.5bn"):
        check(w[t]["end"] > w[t]["start"], f"{t!r} has no audio: {w[t]}")
    # "minus 5" and "degrees Celsius" take longer than one short word; "1.5 billion pounds" too
    check(w["°C"]["end"] - w["°C"]["start"] > w["and"]["end"] - w["and"]["start"],
          f"°C does not cover 'degrees Celsius': {w['°C']} vs {w['and']}")
    check(w["£1.5bn"]["end"] - w["£1.5bn"]["start"] > 2 * (w["and"]["end"] - w["and"]["start"]),
          f"£1.5bn does not cover '1.5 billion pounds': {w['£1.5bn']}")
    check(w["−5"]["start"] < w["°C"]["start"] < w["and"]["start"] < w["£1.5bn"]["start"],
          "written words out of order")

r = run("segment", "--json", "--speech", src)
check(r.returncode == 0, r.stderr)
sent = json.loads(r.stdout)["paragraphs"][0]["sentences"][0]
check("minus 5 degrees Celsius" in sent.get("speech", ""), f"speech: {sent}")
for rule in ("minus", "unit", "currency", "magnitude"):
    check(rule in sent.get("rules", []), f"rule {rule!r} not reported: {sent}")
finish()
