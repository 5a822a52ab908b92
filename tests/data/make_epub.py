"""Builds EPUB test books with Python's zipfile: a small book with a navigation document, an NCX,
a footnote, a passage in a second language and an image, and the hostile variants of it."""
import zipfile

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="%s" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

XHTML = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en">
<head><title>%s</title></head><body><section epub:type="chapter">%s</section></body></html>"""

# (file, nav title, body). The files are named so that their alphabetical order is not the
# spine's: c-first.xhtml is read first.
CHAPTERS = [
    ("c-first.xhtml", "The Beginning",
     "<h2>The Beginning</h2><p>Alice sat by the river with her sister"
     "<a href=\"#fn1\" epub:type=\"noteref\">1</a> and had nothing to do.</p>"
     "<p>Once or twice she peeped into the book.</p>"
     "<aside id=\"fn1\" epub:type=\"footnote\"><p>Her elder sister, Lorina.</p></aside>"),
    ("b-second.xhtml", "Down the Rabbit-Hole",
     "<h2>Down the Rabbit-Hole</h2><p>Down, down, down she fell.</p>"
     "<h3>A Long Hall</h3><p>She found herself in a long, low hall.</p>"
     "<p><img src=\"../images/key.png\" alt=\"A tiny golden key on a glass table.\"/></p>"),
    ("a-third.xhtml", "The Pool of Tears",
     "<h2>The Pool of Tears</h2><p>Curiouser and curiouser, cried Alice.</p>"
     "<p xml:lang=\"fr\">O\u00f9 est ma chatte?</p><p>The Mouse did not understand French.</p>"),
]


def nav_doc(chapters):
    items = "".join('<li><a href="%s">%s</a></li>' % (f, t) for f, t, _ in chapters)
    return XHTML % ("Contents", '<nav epub:type="toc"><h1>Contents</h1><ol>%s</ol></nav>' % items)


def ncx_doc(chapters, titles=None):
    points = "".join(
        '<navPoint id="p%d" playOrder="%d"><navLabel><text>%s</text></navLabel>'
        '<content src="%s"/></navPoint>' % (i, i + 1, (titles or {}).get(f, t), f)
        for i, (f, t, _) in enumerate(chapters))
    return ('<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
            'version="2005-1"><navMap>%s</navMap></ncx>' % points)


def opf(chapters, nav=True, ncx=True, spine=None, extra_items="", title="Alice in Tests"):
    items = "".join('<item id="i%d" href="%s" media-type="application/xhtml+xml"/>' % (i, f)
                    for i, (f, _, _) in enumerate(chapters))
    if nav:
        items += '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    if ncx:
        items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    items += '<item id="img" href="../images/key.png" media-type="image/png"/>' + extra_items
    refs = spine if spine is not None else "".join(
        '<itemref idref="i%d"/>' % i for i in range(len(chapters)))
    return ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
            'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:identifier id="id">test</dc:identifier><dc:title>%s</dc:title>'
            '<dc:creator>Lewis Carroll</dc:creator><dc:language>en</dc:language></metadata>'
            '<manifest>%s</manifest><spine%s>%s</spine></package>'
            % (title, items, ' toc="ncx"' if ncx else "", refs))


def write(path, chapters=CHAPTERS, nav=True, ncx=True, ncx_titles=None, spine=None,
          extra=None, opf_text=None, opf_path="OEBPS/content.opf", skip=()):
    """Writes a book; extra: {name: bytes} added as they are; skip: entries left out."""
    entries = [("mimetype", b"application/epub+zip", zipfile.ZIP_STORED),
               ("META-INF/container.xml", CONTAINER % opf_path, zipfile.ZIP_DEFLATED),
               (opf_path, opf_text or opf(chapters, nav, ncx, spine), zipfile.ZIP_DEFLATED)]
    if nav:
        entries.append(("OEBPS/nav.xhtml", nav_doc(chapters), zipfile.ZIP_DEFLATED))
    if ncx:
        entries.append(("OEBPS/toc.ncx", ncx_doc(chapters, ncx_titles), zipfile.ZIP_DEFLATED))
    for f, t, body in chapters:
        entries.append(("OEBPS/" + f, XHTML % (t, body), zipfile.ZIP_DEFLATED))
    entries.append(("images/key.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, zipfile.ZIP_DEFLATED))
    for name, data in (extra or {}).items():
        entries.append((name, data, zipfile.ZIP_DEFLATED))
    with zipfile.ZipFile(path, "w") as z:
        for name, data, method in entries:
            if name in skip:
                continue
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path
