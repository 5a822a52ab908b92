#!/usr/bin/env python3
"""Paragraph languages through `lector segment --json`, no --lang given:
- the German and French samples give every paragraph "de" / "fr";
- the mixed HTML page marks the French quotation "fr" and the rest "en"; the English samples
  stay "en" in every paragraph (none moved to a neighbour such as Scots);
- --lang overrides detection, and a malformed tag is a usage error (exit 2);
- detection accuracy: paragraphs of at least 40 words (tests/data/lang_detect_paragraphs.json,
  written for this test, two or more in each of the benchmark file's 21 languages), each alone
  in a file: at least 95 % must come out right."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import SRC, TMP, check, finish, run  # noqa: E402

# Paragraphs written for this test, two or more per language of the benchmark file.
with open(os.path.join(SRC, "tests", "data", "lang_detect_paragraphs.json"), encoding="utf-8") as f:
    PARAGRAPHS = json.load(f)
# Chinese and Japanese put no spaces between words: 80 characters stand for 40 words.
NO_SPACES = {"ja", "zh"}



def langs(path, *extra):
    p = run("segment", "--json", *extra, path)
    check(p.returncode == 0, f"segment {path}: exit {p.returncode}: {p.stderr}")
    if p.returncode != 0:
        return []
    return [para.get("lang") for para in json.loads(p.stdout)["paragraphs"]]


def main():
    samples = os.path.join(SRC, "samples")
    de = langs(os.path.join(samples, "german-article.txt"))
    check(de and all(lang == "de" for lang in de), f"German sample: {de}")
    fr = langs(os.path.join(samples, "french-article.txt"))
    check(fr and all(lang == "fr" for lang in fr), f"French sample: {fr}")
    mixed = langs(os.path.join(samples, "mixed-quotation.html"))
    check(mixed.count("fr") == 1 and mixed.count("en") == len(mixed) - 1,
          f"mixed page: {mixed}")
    # English samples stay English throughout: a paragraph that scores a little Scots (or any
    # neighbour) while English is still among the candidates is not moved to it.
    for name in ("online-safety.txt", "hard-wrapped.txt", "lists-and-headings.txt"):
        en = langs(os.path.join(samples, name))
        check(en and all(lang in (None, "en") for lang in en), f"{name}: {en}")
    # A German paragraph in an English text: found while the text is segmented, then segmented
    # again by German rules (the ordinal in "am 12. März" ends no sentence).
    mixed_txt = os.path.join(TMP, "mixed.txt")
    with open(mixed_txt, "w", encoding="utf-8") as f:
        f.write("The council met on Tuesday to discuss the new library, which will open next year"
                " in the northern district of the city.\n\n"
                "Der Gemeinderat hat am Dienstag beschlossen, die neue Bibliothek im Norden der"
                " Stadt zu bauen. Die Bauarbeiten beginnen am 12. März im Norden.\n\n"
                "The mayor said that construction would begin in the spring and that the doors"
                " would open by the end of next year.\n")
    p = run("segment", "--json", mixed_txt)
    paras = json.loads(p.stdout)["paragraphs"] if p.returncode == 0 else []
    check([q.get("lang") for q in paras] == ["en", "de", "en"], f"mixed text: {paras}")
    check(len(paras) == 3 and [s["text"] for s in paras[1]["sentences"]] ==
          ["Der Gemeinderat hat am Dienstag beschlossen, die neue Bibliothek im Norden der Stadt"
           " zu bauen.", "Die Bauarbeiten beginnen am 12. März im Norden."],
          f"the German paragraph not split by German rules: {paras[1:2]}")
    forced = langs(os.path.join(samples, "german-article.txt"), "--lang", "fr")
    check(forced and all(lang == "fr" for lang in forced), f"--lang fr: {forced}")
    bad = run("segment", "--lang", "no such", os.path.join(samples, "german-article.txt"))
    check(bad.returncode == 2 and "--lang" in bad.stderr, f"bad tag: {bad.returncode}")

    right = 0
    for n, para in enumerate(PARAGRAPHS):
        want, text = para["lang"], para["text"]
        long_enough = len(text) >= 80 if want in NO_SPACES else len(text.split()) >= 40
        check(long_enough, f"{want}: test paragraph {n} has fewer than 40 words")
        path = os.path.join(TMP, f"para{n}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        got = langs(path)
        # Only the language counts: "zh-CN" is Chinese.
        ok = len(got) == 1 and (got[0] or "").split("-")[0] == want
        right += ok
        if not ok:
            print(f"  {want} (paragraph {n}): detected {got}")
    languages = len({p["lang"] for p in PARAGRAPHS})
    print(f"detection: {right} of {len(PARAGRAPHS)} paragraphs right, {languages} languages")
    check(languages >= 21, f"the test covers {languages} languages, fewer than the benchmark's 21")
    check(right >= 0.95 * len(PARAGRAPHS), f"detection: {right} of {len(PARAGRAPHS)} right")
    finish()


main()
