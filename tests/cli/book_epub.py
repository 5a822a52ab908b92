"""EPUB input: a book built here (nav, NCX, footnote, second language, image), its chapters in
spine order with the nav titles and the footnote out of the sentence; the sections of segment
--json and of the timings; the real book in samples/; and the hostile set, each refused with one
line, exit 1 and nothing written."""
import json
import os
import sys
import time
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
from clitest import TMP, SRC, check, run, finish  # noqa: E402
import make_epub as M  # noqa: E402


def segment_json(path):
    r = run("segment", "--json", path)
    check(r.returncode == 0, "segment %s: exit %d, %s" % (path, r.returncode, r.stderr))
    return json.loads(r.stdout) if r.returncode == 0 else {"paragraphs": [], "sections": []}


def texts(doc):
    return [" ".join(s["text"] for s in p["sentences"]) for p in doc["paragraphs"]]


def test_built_book():
    book = M.write(os.path.join(TMP, "alice.epub"))
    doc = segment_json(book)
    paras = texts(doc)
    whole = "\n".join(paras)
    # Spine order (c-first, b-second, a-third), not file-name order.
    order = [whole.find(t) for t in ("Alice sat by", "Down, down", "Curiouser")]
    check(-1 not in order and order == sorted(order), "chapters out of spine order: %s" % order)
    # The footnote is not read mid-sentence; the note reference is not read at all.
    check("Alice sat by the river with her sister and had nothing to do." in paras,
          "the sentence with the note reference: %r" % paras[:4])
    check(any("Lorina" in p for p in paras), "the footnote's text is lost")
    lorina = next((i for i, p in enumerate(paras) if "Lorina" in p), -1)
    peeped = next((i for i, p in enumerate(paras) if "peeped" in p), -1)
    check(lorina > peeped, "the footnote is read before the end of its chapter")
    check("A tiny golden key on a glass table." in whole, "the image's alt text is not read")
    check(any("Où est ma chatte?" in p for p in paras), "the French paragraph is lost")
    # The package's metadata: dc:title and dc:creator, the creator as the byline.
    meta = doc.get("meta", {})
    check(meta.get("title") == "Alice in Tests", "title: %r" % meta)
    check(meta.get("byline") == "Lewis Carroll", "byline (dc:creator): %r" % meta)
    secs = doc.get("sections", [])
    titles = [(s["level"], s["title"]) for s in secs]
    check(titles == [(1, "The Beginning"), (1, "Down the Rabbit-Hole"), (2, "A Long Hall"),
                     (1, "The Pool of Tears")], "sections: %s" % titles)
    if len(secs) == 4:
        check(paras[secs[1]["first"]] == "Down the Rabbit-Hole", "chapter 2 starts elsewhere")
        check(secs[1]["last"] == secs[3]["first"] - 1, "chapter 2 ends at %d" % secs[1]["last"])
        check(secs[3]["last"] == len(paras) - 1, "the last chapter does not end the book")
    # Without a navigation document the NCX names the chapters.
    ncx_only = M.write(os.path.join(TMP, "ncx.epub"), nav=False,
                       ncx_titles={"b-second.xhtml": "Chapter Two: Falling"})
    titles = [s["title"] for s in segment_json(ncx_only).get("sections", [])]
    check("Chapter Two: Falling" in titles, "NCX titles not used: %s" % titles)
    # Found by content, whatever the name.
    renamed = os.path.join(TMP, "alice.bin")
    os.rename(M.write(os.path.join(TMP, "tmp.epub")), renamed)
    check(len(segment_json(renamed)["paragraphs"]) == len(paras), "not detected by mimetype")
    return book


def test_export(book):
    out, timings = os.path.join(TMP, "alice.wav"), os.path.join(TMP, "alice.json")
    r = run("export", book, "-o", out, "--timings", timings, "-q")
    check(r.returncode == 0, "export: %s" % r.stderr)
    if r.returncode:
        return
    t = json.load(open(timings))
    secs = t.get("sections", [])
    check(len(secs) == 4, "timings sections: %s" % secs)
    if len(secs) == 4:
        paras = t["paragraphs"]
        check(secs[1]["start"] == paras[secs[1]["first"]]["start"], "section start time")
        check(secs[1]["end"] == paras[secs[1]["last"]]["end"], "section end time")
        check(secs[3]["end"] <= t["duration"] and secs[0]["start"] == 0.0, "times out of range")


def test_real_book():
    doc = segment_json(os.path.join(SRC, "samples", "jekyll-hyde.epub"))
    check(doc.get("meta", {}).get("byline") == "Robert Louis Stevenson",
          "Jekyll and Hyde byline: %r" % doc.get("meta"))
    titles = [s["title"] for s in doc.get("sections", [])]
    chapters = titles[2:12]
    check(len(chapters) == 10 and chapters[0] == "Story of the Door" and
          chapters[9] == "Henry Jekyll’s Full Statement of the Case",
          "Jekyll and Hyde chapters: %s" % titles)
    # Spine order: chapter 10 after chapter 9, though "chapter-10" sorts before "chapter-2".
    check(titles.index("Dr. Lanyon’s Narrative") < titles.index(chapters[9]), "spine order")


def refused(name, path, want):
    before = set(os.listdir(TMP))
    start = time.monotonic()
    r = run("segment", path)
    lines = r.stderr.strip().splitlines()
    check(r.returncode == 1, "%s: exit %d" % (name, r.returncode))
    check(len(lines) == 1 and want in lines[0], "%s: stderr %r" % (name, r.stderr))
    check(r.stdout == "", "%s: printed %r" % (name, r.stdout[:80]))
    check(set(os.listdir(TMP)) == before, "%s: a file was written" % name)
    check(time.monotonic() - start < 60, "%s: took too long" % name)


def test_hostile():
    d = os.path.join(TMP, "hostile")
    os.makedirs(d)
    p = lambda n: os.path.join(d, n)  # noqa: E731
    # A zip bomb: one entry of 200 MB of zeros, a few hundred KB compressed.
    with zipfile.ZipFile(M.write(p("bomb.epub")), "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("OEBPS/bomb.xhtml", "w") as f:
            block = b"\0" * (1 << 20)
            for _ in range(200):
                f.write(block)
    many = M.write(p("many.epub"))
    with zipfile.ZipFile(many, "a", zipfile.ZIP_STORED) as z:
        for i in range(100000):
            z.writestr("x/%d" % i, b"")
    M.write(p("traversal.epub"), extra={"../../evil.txt": b"owned"})
    missing_spine = M.write(p("missing.epub"), skip=("OEBPS/b-second.xhtml",))
    outside = M.opf(M.CHAPTERS).replace('href="c-first.xhtml"', 'href="../../../etc/passwd"')
    M.write(p("outside.epub"), opf_text=outside)
    enc = ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
           'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
           '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
           '<enc:CipherData><enc:CipherReference URI="OEBPS/c-first.xhtml"/></enc:CipherData>'
           '</enc:EncryptedData></encryption>')
    M.write(p("drm.epub"), extra={"META-INF/encryption.xml": enc})
    fonts = enc.replace("http://www.w3.org/2001/04/xmlenc#aes128-cbc",
                        "http://www.idpf.org/2008/embedding")
    M.write(p("fonts.epub"), extra={"META-INF/encryption.xml": fonts})
    with open(p("notzip.epub"), "w") as f:
        f.write("just text")
    refused("zip bomb", p("bomb.epub"), "safety limits")
    refused("100,000 entries", many, "safety limits")
    refused("../ names", p("traversal.epub"), "safety limits")
    refused("missing spine item", missing_spine, "not a readable EPUB")
    refused("OPF pointing outside", p("outside.epub"), "safety limits")
    refused("DRM", p("drm.epub"), "DRM")
    refused("not a zip", p("notzip.epub"), "not a readable EPUB")
    check(not os.path.exists(os.path.join(TMP, "..", "evil.txt")), "a name was extracted")
    r = run("segment", p("fonts.epub"))
    check(r.returncode == 0 and "Alice sat by" in r.stdout, "font obfuscation refused: %s" % r.stderr)
    r = run("export", p("drm.epub"), "-o", os.path.join(d, "out.wav"), "-q")
    check(r.returncode == 1 and not os.path.exists(os.path.join(d, "out.wav")),
          "export of a DRM book: exit %d" % r.returncode)


book = test_built_book()
test_export(book)
test_real_book()
test_hostile()
finish()
