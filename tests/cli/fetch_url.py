#!/usr/bin/env python3
"""A URL is a file: `lector segment URL` against a local server (tests/lib/webserver.py) —
redirects (3 followed, 6 refused), 404, a stalled server (LECTOR_FETCH_TIMEOUT), a body over
the 20 MB cap (streamed), the charset from the Content-Type header (alone, over <meta charset>,
under a BOM), text/plain and Markdown read by their loaders, an image refused, file://
refused; every error one line.
`lector export URL` tags the audio with the page's title and byline."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, SRC, TMP, check, finish  # noqa: E402
from webserver import Server  # noqa: E402


def run(*args, env=None):
    p = subprocess.run([LECTOR, *args], capture_output=True, timeout=120,
                       env=dict(os.environ, **(env or {})))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def expect_error(url, message, label, env=None):
    rc, out, err = run("segment", url, env=env)
    lines = err.splitlines()
    check(rc == 1, f"{label}: exit status {rc}, expected 1")
    check(len(lines) == 1, f"{label}: {len(lines)} lines on stderr, expected 1: {err!r}")
    check(out == "", f"{label}: printed on stdout: {out[:100]!r}")
    if lines:
        check(message in lines[0], f"{label}: {lines[0]!r} does not say {message!r}")


def segment_ok(url, label):
    rc, out, err = run("segment", url)
    check(rc == 0, f"{label}: exit status {rc}: {err}")
    return out, err


PAGE = """<!DOCTYPE html><html><head><title>The Lighthouse Keeper</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>The Lighthouse Keeper</h1>
<p>The lamp was lit every evening at dusk, whatever the weather.</p>
<p>Ships passed the rocks safely for forty years.</p></article></body></html>"""

with Server() as web:
    page = web.add("page.html", PAGE)

    # A page, and the same page behind three redirects.
    out, err = segment_ok(page, "page")
    check("The lamp was lit every evening at dusk" in out, f"page: text missing: {out!r}")
    check("Home" not in out, f"page: the menu was read: {out!r}")
    check(err == "", f"page: stderr {err!r}")
    out3, _ = segment_ok(web.url("redirect/3/page.html"), "3 redirects")
    check(out3 == out, f"3 redirects: {out3!r} differs from the page itself")
    check(web.requests[-4:] == ["/redirect/3/page.html", "/redirect/2/page.html",
                                "/redirect/1/page.html", "/page.html"],
          f"3 redirects: the requests were {web.requests[-4:]}")
    rc, js, err = run("segment", "--json", web.url("redirect/3/page.html"))
    final = json.loads(js)["meta"].get("url") if rc == 0 else None
    check(final == page, f"3 redirects: meta.url is {final!r}, not the final URL {page!r}")
    out5, _ = segment_ok(web.url("redirect/5/page.html"), "5 redirects")
    check(out5 == out, "5 redirects (the limit) are followed")
    expect_error(web.url("redirect/6/page.html"), "more than 5 redirects", "6 redirects")

    # HTTP errors.
    url = web.url("missing.html")
    expect_error(url, f"lector: cannot fetch '{url}': 404 Not Found", "404")

    # A server that sends its headers and then nothing: the timeout, made short for the test.
    expect_error(web.url("stall"), "timed out", "stalled server", env={"LECTOR_FETCH_TIMEOUT": "2"})

    # Bodies over the cap: announced (Content-Length) and not (streamed until cut off).
    expect_error(web.url("huge"), "larger than lector's limit of 20 MB", "50 MB with a length")
    expect_error(web.url("endless"), "larger than lector's limit of 20 MB", "endless body")

    # The charset named only by the header: ISO-8859-1 (no warning about the encoding), and
    # ISO-8859-2, whose letters the Windows-1252 fallback would get wrong.
    latin1 = web.add("latin1.html", "<html><body><p>Un café très réussi à Noël.</p></body></html>"
                     .encode("iso-8859-1"), "text/html; charset=iso-8859-1")
    out, err = segment_ok(latin1, "iso-8859-1")
    check(out.strip() == "Un café très réussi à Noël.", f"iso-8859-1: {out!r}")
    check(err == "", f"iso-8859-1: a warning: {err!r}")
    czech = web.add("czech.html", "<html><body><p>Příliš žluťoučký kůň úpěl ďábelské ódy.</p>"
                    "</body></html>".encode("iso-8859-2"), 'text/html; charset="ISO-8859-2"')
    out, err = segment_ok(czech, "iso-8859-2")
    check(out.strip() == "Příliš žluťoučký kůň úpěl ďábelské ódy.", f"iso-8859-2: {out!r}")
    # The header wins over the document's own <meta charset> (the HTML standard's order), and a
    # byte-order mark over both.
    meta = web.add("meta.html", "<html><head><meta charset=\"utf-8\"></head><body><p>Kůň "
                   "úpěl.</p></body></html>".encode("iso-8859-2"), "text/html; charset=iso-8859-2")
    out, _ = segment_ok(meta, "header over meta charset")
    check(out.strip() == "Kůň úpěl.", f"header charset over <meta charset>: {out!r}")
    bom = web.add("bom.html", b"\xef\xbb\xbf" + "<html><head><meta charset=\"iso-8859-2\">"
                  "</head><body><p>Kůň úpěl.</p></body></html>".encode("utf-8"),
                  "text/html; charset=iso-8859-1")
    out, _ = segment_ok(bom, "BOM over header")
    check(out.strip() == "Kůň úpěl.", f"BOM over the header charset: {out!r}")

    # Other content types: by their loaders, or refused.
    # Served as text, markup is text: read as is, not parsed as HTML as the content suggests.
    text = web.add("notes", "<p>Tags such as <div> are shown, not obeyed.</p>\n",
                   "text/plain; charset=utf-8")
    out, _ = segment_ok(text, "text/plain")
    check(out.strip() == "<p>Tags such as <div> are shown, not obeyed.</p>", f"text/plain: {out!r}")
    md = web.add("notes.md", "# A heading\n\nSome *text* here.\n", "text/markdown")
    rc, out, err = run("segment", "--json", md)
    doc = json.loads(out) if rc == 0 else {"paragraphs": []}
    check([p["kind"] for p in doc["paragraphs"]] == ["heading", "paragraph"],
          f"text/markdown: read as Markdown: {out!r} {err!r}")
    # export URL: the audio, tagged with the page's own title and byline unless told.
    article = web.add("article.html", """<!DOCTYPE html><html lang="en"><head>
<title>The Lighthouse Keeper | Coast Gazette</title>
<meta property="og:title" content="The Lighthouse Keeper"><meta name="author" content="Ann Lee">
</head><body><article><p>The lamp was lit at dusk.</p><p>Ships passed safely.</p></article>
</body></html>""")
    for extra, title, artist in [([], "The Lighthouse Keeper", "Ann Lee"),
                                 (["--title", "Mine", "--artist", "Me"], "Mine", "Me")]:
        ogg = os.path.join(TMP, "article-%d.ogg" % len(extra))
        rc, _, err = run("export", article, "-o", ogg, *extra)
        check(rc == 0, f"export {extra}: exit status {rc}: {err}")
        if rc == 0:
            out = subprocess.run(["soxi", "-a", ogg], capture_output=True, text=True).stdout
            tags = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
            tags = {k.lower(): v for k, v in tags.items()}
            check(tags.get("title") == title, f"export {extra}: title tag: {out!r}")
            check(tags.get("artist") == artist, f"export {extra}: artist tag: {out!r}")
    # An EPUB goes through a temporary file (libzip reads files), gone once it is read.
    with open(os.path.join(SRC, "samples", "jekyll-hyde.epub"), "rb") as f:
        book = web.add("book", f.read(), "application/epub+zip")
    scratch = os.path.join(TMP, "tmpdir")
    os.mkdir(scratch)
    rc, js, err = run("segment", "--json", book, env={"TMPDIR": scratch})
    meta = json.loads(js)["meta"] if rc == 0 else {}
    check(rc == 0 and "Jekyll" in meta.get("title", ""), f"EPUB: {rc} {meta} {err!r}")
    check(os.listdir(scratch) == [], f"EPUB: left behind {os.listdir(scratch)}")
    png = web.add("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    expect_error(png, "image/png", "image")
    expect_error("file:///etc/hostname", "only http and https", "file://")
    expect_error(web.add_redirect("ftp", "ftp://127.0.0.1/file.txt"), "redirected to a URL that "
                 "is not http or https", "redirect to ftp")
    rc, _, err = run("export", "-o", os.path.join(TMP, "many") + "/", page, latin1)
    check(rc == 1 and "a URL is exported on its own" in err, f"batch of URLs: {rc} {err!r}")

finish()
