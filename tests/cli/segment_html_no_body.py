#!/usr/bin/env python3
"""HTML5 lets a page leave out <head> and <body>. libxml2's parser knows HTML 4: an element it
does not know (<article>, <main>, <section>) or text right after <title> or <meta> stayed in the
implied head, where nothing is read ("has no text to read"). `lector segment` must read it as
a browser does, with what follows in order and what the page's own <body> holds after it, and
leave the head's own content (title, scripts) unread."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, check, finish  # noqa: E402

CASES = [  # (page after <!DOCTYPE html>, what segment must print, lines joined by one space)
    ("<title>T</title><article><p>Words in the article here.</p></article>",
     "Words in the article here."),
    ("<meta charset=utf-8><title>T</title><main>Words in main here.</main>",
     "Words in main here."),
    ("<title>T</title><section><p>First part.</p></section><script>var x = 1;</script>"
     "<p>Second part.</p>", "First part. Second part."),
    ("<title>T</title>Bare words here.", "Bare words here."),
    ("<html lang=de><title>T</title><style>p {}</style><article>Erster Satz.</article>"
     "<body><p>Zweiter Satz.</p></body>", "Erster Satz. Zweiter Satz."),
    ("<head><title>T</title></head><article>Closed head.</article>", "Closed head."),
]


def main():
    path = os.path.join(TMP, "page.html")
    for page, want in CASES:
        with open(path, "w", encoding="utf-8") as f:
            f.write("<!DOCTYPE html>" + page)
        p = subprocess.run([LECTOR, "segment", "--lang", "en", path], capture_output=True,
                           text=True)
        got = " ".join(line for line in p.stdout.split("\n") if line.strip())
        check(p.returncode == 0 and got == want,
              f"{page!r}: exit {p.returncode}, {got!r} != {want!r} {p.stderr.strip()!r}")
    finish()


if __name__ == "__main__":
    main()
