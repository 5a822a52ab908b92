#!/usr/bin/env python3
"""Ordered lists keep their numbers, bulleted lists do not speak their bullets, in plain text,
Markdown and HTML: `lector segment --speech` shows the numbers, "1." and the words after it are
one sentence, and `--json` offsets point at the number in the text as read."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import check, finish, run, write  # noqa: E402

INPUTS = {
    "list.txt": "Pancakes\n\nSteps:\n1. Sift the flour.\n2. Add eggs and milk. Whisk.\n\n"
                "- salt\n- sugar\n",
    "list.md": "# Pancakes\n\n1. Sift the flour.\n2. Add eggs and milk. Whisk.\n\n"
               "- salt\n- sugar\n",
    "list.html": "<html><body><h1>Pancakes</h1><ol><li>Sift the flour.</li>"
                 "<li>Add eggs and milk. Whisk.</li></ol><ul><li>salt</li><li>sugar</li></ul>"
                 "</body></html>",
}
SPOKEN = ["Sift the flour.", "Add eggs and milk.", "Whisk.", "salt", "sugar"]


def lines(p):
    return [line for line in p.stdout.splitlines() if line.strip()]


for name, text in INPUTS.items():
    path = write(name, text)
    speech = run("segment", "--speech", path)
    check(speech.returncode == 0, f"{name}: --speech exit status {speech.returncode}: {speech.stderr}")
    said = lines(speech)
    check("1. Sift the flour." in said, f"{name}: the number of the first step is not spoken: {said}")
    check("2. Add eggs and milk." in said, f"{name}: the number stays with its sentence: {said}")
    check(not any(s in ("1.", "2.") for s in said), f"{name}: a number read as a sentence: {said}")
    for word in ("salt", "sugar"):
        check(word in said, f"{name}: bulleted item {word!r} not read alone (a bullet spoken?): {said}")
    check(not any(s.startswith(("-", "\u2022", "*")) for s in said), f"{name}: a bullet is spoken: {said}")
    printed = run("segment", path)
    check("1. Sift the flour." in lines(printed), f"{name}: plain segment output lacks the number")

    js = run("segment", "--json", path)
    check(js.returncode == 0, f"{name}: --json exit status {js.returncode}")
    paras = json.loads(js.stdout)["paragraphs"] if js.returncode == 0 else []
    items = [p for p in paras if p["kind"] == "item"]
    check(len(items) == 4, f"{name}: {len(items)} items, expected 4")
    if items:
        first = items[0]["sentences"][0]
        check(first["text"] == "1. Sift the flour.", f"{name}: first item sentence {first['text']!r}")
        check(first["end"] - first["start"] == len("1. Sift the flour."),
              f"{name}: offsets {first['start']}..{first['end']} do not span the number")
        if name.endswith(".txt"):
            # Plain text is read as it is: the offsets point into the file's bytes.
            raw = text.encode("utf-8")
            for p in items:
                for s in p["sentences"]:
                    check(raw[s["start"]:s["end"]].decode("utf-8") == s["text"],
                          f"{name}: offsets {s['start']}..{s['end']} are not {s['text']!r}")

finish()
