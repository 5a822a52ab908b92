#!/usr/bin/env python3
"""Pages whose cost used to grow faster than their size (issue 21 points 5 and 6): a <main>
of 60,000 nested sections holding 50,000 articles, 100,000 nested divs, 20,000 nested layout
tables (each element's checks climbed to the root: minutes), a data table of 40,000 rows
without <tbody> (walked whole once per row: 20,000 took 45 s in a Release build), and tags of
100,000 attributes (libxml2 compares each attribute with all before it: a minute per tag). Each must be read
within a generous deadline that only a quadratic cost misses (seconds here, minutes before),
and read right. Also: what the pass removing unread attributes must keep (JSON-LD in a script,
a quoted '>' in a value, attributes written without spaces between them, an unclosed quote)."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, check, finish  # noqa: E402

DEADLINE = 240     # seconds, under ASan on a busy machine; a quadratic case takes many minutes


def segment(name, data, *extra):
    path = os.path.join(TMP, name + ".html")
    with open(path, "w") as f:
        f.write(data)
    try:
        p = subprocess.run([LECTOR, "segment", *extra, path], capture_output=True, text=True,
                           timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        check(False, f"{name}: not read within {DEADLINE} s")
        return None
    check(p.returncode == 0, f"{name}: exit {p.returncode}: {p.stderr[-300:]}")
    return p.stdout


def main():
    out = segment("landmarks", "<main>" + "<section>" * 60000 +
                  "<article>x.</article>" * 50000)
    check(out is not None and out.count("x.") == 50000,
          f"landmarks: {out.count('x.') if out else None} of 50000 articles read")
    out = segment("nested_divs", "<body>" + "<div>" * 100000 + "Deep text here." +
                  "</div>" * 100000)
    check(out is not None and "Deep text here." in out, "nested_divs: the text is lost")
    out = segment("nested_tables", "<body>" + "<table><tr><td><div>" * 20000 + "Cell text.")
    check(out is not None and "Cell text." in out, "nested_tables: the text is lost")
    rows = "".join(f"<tr><td>Row {i} of the data</td><td>{i * 7}</td></tr>"
                   for i in range(40000))
    prose = "<p>" + "An article about data, with a table of numbers, which is long. " * 10 + "</p>"
    out = segment("long_table", "<article>" + prose + "<table>" + rows + "</table>" + prose +
                  "</article>", "--lang", "en")
    check(out is not None and out.count("of the data") == 40000 and "Row 39999 " in out,
          f"long_table: {out.count('of the data') if out else None} of 40000 rows read")
    attrs = " ".join("a%d" % i for i in range(100000))
    out = segment("attributes", "<p " + attrs + ">Hello there.</p>")
    check(out is not None and out.strip() == "Hello there.", f"attributes: {out!r:.80}")
    classes = " ".join('class="c%d"' % i for i in range(100000))
    out = segment("kept_attributes", "<p " + classes + ">Hello there.</p>")
    check(out is not None and out.strip() == "Hello there.", f"kept_attributes: {out!r:.80}")

    # What the rewrite keeps.
    page = ('<html><head><script type="application/ld+json">{"@context":"https://schema.org",'
            '"@type":"NewsArticle","headline":"A <b data-x=1> headline","author":{"name":"Ann Author"}}</script>'
            '</head><body><article><p data-a="x > y"class="c" title=t>First paragraph.</p>'
            '<p data-z=\'q\' >Second <a data-track="1" href="#n">paragraph</a>.</p>'
            '<!-- <p data-q="1">commented</p> -->'
            '<p>Third <img data-src="a.png" alt="a red kite over the hill"> seen.</p>'
            '<p>Last <i data-u="open>here.</p></article></body></html>')
    out = segment("kept", page, "--json")
    try:
        doc = json.loads(out or "")
    except ValueError:
        doc = None
    check(doc is not None, f"kept: not JSON: {out!r:.200}")
    if doc:
        text = " ".join(s["text"] for p in doc["paragraphs"] for s in p["sentences"])
        check(doc.get("meta", {}).get("title") == "A <b data-x=1> headline",
              f"kept: JSON-LD headline {doc.get('meta')}")
        check(doc.get("meta", {}).get("byline") == "Ann Author", f"kept: byline {doc.get('meta')}")
        for want in ("First paragraph.", "Second paragraph.", "a red kite over the hill",
                     "Last"):
            check(want in text, f"kept: {want!r} missing from {text!r}")
        check("commented" not in text and "y\"" not in text and "data-" not in text,
              f"kept: markup read aloud: {text!r}")
    finish()


if __name__ == "__main__":
    main()
