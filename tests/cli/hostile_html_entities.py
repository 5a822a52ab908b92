#!/usr/bin/env python3
"""Character references libxml2's HTML 4 parser gets wrong (issue 21 point 15, issue 15 point
4): &#128;-&#159; are the Windows-1252 characters in HTML5 (old pages write ’ as &#146;, which
became a control character and then a space: "don t"); HTML5-only names (&check;, &NewLine;,
&Gt;) were read literally. Unknown names and references that would make markup stay text."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import check, finish, segment_page  # noqa: E402

CASES = [
    ("don&#146;t", "don\u2019t"), ("&#147;quoted&#148;", "\u201cquoted\u201d"),
    ("&#128;5", "\u20ac5"), ("one &#150; two", "one \u2013 two"), ("wait&#133;", "wait\u2026"),
    ("it&#x92;s", "it\u2019s"), ("done &check;", "done \u2713"), ("a &Gt; b", "a \u226b b"),
    ("x&NewLine;y", "x y"), ("4 &hellip; 5", "4 \u2026 5"), ("&amp;check;", "&check;"),
    ("&bogus; name", "&bogus; name"), ("&nvlt; kept", "&nvlt; kept"),
]


def main():
    for i, (src, want) in enumerate(CASES):
        rc, out = segment_page("e%d.html" % i,
                               "<html><body><p>Say " + src + " now.</p></body></html>")
        check(rc == 0 and out == "Say " + want + " now.",
              f"{src!r}: read as {out!r}, want {'Say ' + want + ' now.'!r}")
    finish()


if __name__ == "__main__":
    main()
