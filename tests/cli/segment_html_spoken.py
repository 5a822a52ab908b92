#!/usr/bin/env python3
"""What `lector segment` reads for the parts of a web page that are not plain text (issue 15
point 4): a <math> by its alttext, a plain annotation or its simple text, else "formula", never
dropped mid-sentence; image alt texts only when they describe (not a file name, an address or
"image") and no caption does; a <figcaption> after its figure; footnote markers (sup > a to #fn, role=doc-noteref,
epub:type=noteref) silent."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import check, finish, segment_page  # noqa: E402

MATH_ALT = ('<math alttext="x squared plus one"><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo>'
            '<mn>1</mn></math>')
MATH_TEX = ('<math><semantics><mfrac><mi>a</mi><mi>b</mi></mfrac><annotation '
            'encoding="application/x-tex">\\frac{a}{b}</annotation></semantics></math>')
MATH_PLAIN = ('<math><semantics><mfrac><mi>a</mi><mi>b</mi></mfrac><annotation '
              'encoding="text/plain">a over b</annotation></semantics></math>')
MATH_SIMPLE = '<math><mi>x</mi><mo>=</mo><mn>2</mn></math>'

CASES = [  # (body, what segment must print, lines joined by one space)
    ("<p>When " + MATH_SIMPLE + ", there are two solutions.</p>",
     "When x = 2, there are two solutions."),
    ("<p>The value " + MATH_ALT + " grows.</p>", "The value x squared plus one grows."),
    ("<p>The ratio " + MATH_TEX + " is small.</p>", "The ratio formula is small."),
    ("<p>The ratio " + MATH_PLAIN + " is small.</p>", "The ratio a over b is small."),
    ('<p>A cat <img src="cat.jpg" alt="A grey cat asleep on a wall"> sleeps.</p>',
     "A cat A grey cat asleep on a wall sleeps."),
    ('<p>A cat <img src="c.jpg" alt="performance.jpg"> <img alt="IMG_2041"> '
     '<img alt="image"> <img alt="https://example.org/c.png"> <img alt=""> '
     '<img alt="Decoration" role="presentation"> sleeps.</p>', "A cat sleeps."),
    ('<figure><figcaption>Figure 1: the harbour at dawn.</figcaption>'
     '<p>Boats leave the harbour early.</p></figure><p>Then the town wakes.</p>',
     "Boats leave the harbour early. Figure 1: the harbour at dawn. Then the town wakes."),
    ('<figure><a href="/h"><img src="h.jpg" alt="Boats in a harbour at dawn"></a><figcaption>'
     'The harbour at dawn.</figcaption></figure>', "The harbour at dawn."),
    ('<p>Rain fell all day<sup><a href="#fn1">1</a></sup> and the river rose'
     '<a href="#fn2" role="doc-noteref">2</a>, then fell<a href="#fn3" epub:type="noteref">'
     '3</a> again<a href="#fn4"><sup>[4]</sup></a>.</p>',
     "Rain fell all day and the river rose, then fell again."),
]


def main():
    for i, (body, want) in enumerate(CASES):
        rc, out = segment_page("s%d.html" % i, "<html><body>" + body + "</body></html>")
        check(rc == 0 and out == want, f"case {i}: read as {out!r}, want {want!r}")
    finish()


if __name__ == "__main__":
    main()
