#!/usr/bin/env python3
"""The 52 English golden rules of sentence boundary detection through the path a user's file
takes: each rule's text is written to a .txt file and read by the built `lector segment`
(plain-text loader, then segmenter). tests/unit/test_golden_rules.c feeds the segmenter alone.

Data: $LECTOR_SHARED_DIR/benchmarks/golden_rules_en.json; skipped (77) when it is absent.

How a rule is scored (its SOURCE.txt: "compare after collapsing runs of whitespace to one space
and trimming each sentence"):
- `lector segment` prints one sentence a line, white space already collapsed, and an empty line
  between paragraphs. The sentences are its non-empty lines, in order: a paragraph break counts
  as nothing more than a sentence break, since the rules know no paragraphs ("1) The first item
  2) The second item" becomes two list items of one sentence each).
- Each expected sentence has its white space collapsed and trimmed, as SOURCE.txt says, and a
  bullet at its start (• ⁃ and the like) removed with the spaces after it: lector neither shows
  a bullet in the text it reads nor speaks it, while an ordered item's number ("1)", "a.") is
  part of its text and stays in the comparison.
- A rule passes when the lists are equal.

#40 and #42 contradict each other for plain text: #40 ("This is a sentence\\ncut off in the
middle because pdf.") wants a line break read as a space, #42 ("features\\ncontact
manager\\nevents, activities\\n") wants each short line on its own. The choice: a line without
final punctuation followed by a line starting in lower case keeps the block whole in the loader
(it is not a deliberate break), and the segmenter then decides: two such lines are one wrapped
sentence (#40), three or more short lines without final punctuation are a list of short lines,
a sentence each (#42). The price: two short lower-case lines ("features\\ncontact manager") are
read as one sentence."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import TMP, check, finish, run  # noqa: E402

RULES = 52
BULLETS = "\u2022\u25e6\u2023\u2043\u25aa\u25cf\u25cb\u25a0"


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


def expected_as_read(sentence):
    s = collapse(sentence)
    while s and s[0] in BULLETS:
        s = s[1:].lstrip()
    return s


def sentences_read(text, number):
    path = os.path.join(TMP, f"rule{number:03d}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    p = run("segment", path)
    check(p.returncode == 0, f"rule {number}: exit status {p.returncode}: {p.stderr}")
    return [line for line in p.stdout.splitlines() if line.strip()]


def main():
    shared = os.environ.get("LECTOR_SHARED_DIR")
    path = os.path.join(shared or "", "benchmarks", "golden_rules_en.json")
    if not shared or not os.path.exists(path):
        print(f"skipped: no {path}")
        sys.exit(77)
    with open(path, encoding="utf-8") as f:
        rules = json.load(f)
    check(len(rules) == RULES, f"{len(rules)} rules in {path}, expected {RULES}")
    passed = 0
    for rule in rules:
        got = sentences_read(rule["text"], rule["number"])
        want = [expected_as_read(s) for s in rule["expected"]]
        if got == want:
            passed += 1
        else:
            print(f"  failed #{rule['number']}: {rule['name']}\n    got  {got}\n    want {want}")
    print(f"golden rules through lector segment: {passed} of {len(rules)}")
    check(passed == RULES, f"golden rules through lector segment: {passed} of {RULES}")
    finish()


main()
