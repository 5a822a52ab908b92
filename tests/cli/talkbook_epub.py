"""Talking books as EPUB 3 (issue 17): the sample article and the test book export to .epub with
sentence and word sync; epubcheck passes them with no error or warning; the zip, the navigation
document, the content documents and the overlays are checked against the document; the MP3 of
an overlay is decoded and sentence 5's clip is where the timings of a WAV export put it
(+-10 ms); the mixed English/French page speaks its French with a French voice, and its XHTML
marks the French paragraph and phrases lang/xml:lang "fr"; bad requests and an interrupted
export leave nothing behind."""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "data"))
from clitest import LECTOR, SAMPLE, SRC, TMP, check, finish, run  # noqa: E402
import make_epub as M  # noqa: E402
import talkbook as T  # noqa: E402

CAN_CHECK = T.have_java(T.EPUBCHECK)


def export(src, out, *extra):
    r = run("export", src, "-o", out, "-q", *extra)
    check(r.returncode == 0, f"export {src} -> {out} {extra}: exit {r.returncode}, {r.stderr}")
    return r.returncode == 0


def validate(path):
    if not CAN_CHECK:
        return
    errors, warnings, out = T.epubcheck(path)
    check(errors == 0 and warnings == 0, f"epubcheck {path}: {errors} errors, {warnings} "
          f"warnings\n{out}")


def check_zip(path):
    """mimetype first, stored, no extra field (the local header's own length field)."""
    with zipfile.ZipFile(path) as z:
        first = z.infolist()[0]
        check(first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED,
              f"{path}: first entry {first.filename}, method {first.compress_type}")
        check(z.read("mimetype") == b"application/epub+zip", f"{path}: mimetype content")
    with open(path, "rb") as f:
        head = f.read(30 + 8)
    check(head[:4] == b"PK\x03\x04" and head[28:30] == b"\0\0" and head[30:38] == b"mimetype",
          f"{path}: the mimetype's local header has an extra field or another name")


def overlays(path):
    """{part number: (xhtml text, smil text)} of the book."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            m = re.fullmatch(r"EPUB/c(\d+)\.smil", name)
            if m:
                k = int(m.group(1))
                out[k] = (z.read(f"EPUB/c{k}.xhtml").decode(), z.read(name).decode())
    return out


def check_overlays(path, words):
    """Every text src names an id of its document; clips increase and do not overlap; word
    sync makes a seq per sentence."""
    for k, (xhtml, smil) in overlays(path).items():
        ids = set(re.findall(r' id="([^"]+)"', xhtml))
        srcs = re.findall(r'<text src="c(\d+)\.xhtml#([^"]+)"', smil)
        check(srcs and all(int(n) == k and i in ids for n, i in srcs),
              f"{path} c{k}: text src without its id")
        clips = [(T.clock(b), T.clock(e)) for b, e in
                 re.findall(r'clipBegin="([^"]+)" clipEnd="([^"]+)"', smil)]
        check(all(b < e for b, e in clips), f"{path} c{k}: an empty clip")
        check(all(clips[i][1] <= clips[i + 1][0] + 1e-9 for i in range(len(clips) - 1)),
              f"{path} c{k}: clips go backwards or overlap")
        has_seq = "epub:textref=" in smil
        check(has_seq == words, f"{path} c{k}: word seqs present {has_seq}, wanted {words}")
        if words:
            check(re.search(r'<span id="w\d+">', xhtml), f"{path} c{k}: no word spans")
            check(all("#" in t for t in re.findall(r'epub:textref="([^"]+)"', smil)),
                  f"{path} c{k}: a textref without a fragment")


def test_books():
    book = M.write(os.path.join(TMP, "alice.epub"))
    for src, name in ((SAMPLE, "article"), (book, "alice")):
        for sync in ("sentence", "word"):
            out = os.path.join(TMP, f"{name}-{sync}.epub")
            if export(src, out, "--sync", sync):
                validate(out)
                check_zip(out)
                check_overlays(out, sync == "word")
    out = os.path.join(TMP, "alice-sentence.epub")
    if not os.path.exists(out):
        return
    with zipfile.ZipFile(out) as z:
        nav = z.read("EPUB/nav.xhtml").decode()
        opf = z.read("EPUB/package.opf").decode()
        c2 = z.read("EPUB/c2.xhtml").decode()
    # One part per chapter, the nav from the sections with A Long Hall nested in chapter 2.
    check(len(overlays(out)) == 3, f"parts: {len(overlays(out))}")
    check(re.search(r"Rabbit-Hole</a>\s*<ol><li><a href=\"c2\.xhtml#p\d+\">A Long Hall", nav),
          f"nav nesting: {nav}")
    check("<h2" in c2 and "<h3" in c2 and 'alt' not in c2 and "golden key" in c2,
          "chapter 2: headings or the image's alt text")
    for meta in ("<dc:title>Alice in Tests</dc:title>", "<dc:creator>Lewis Carroll</dc:creator>",
                 "<dc:language>en</dc:language>", "media:active-class",
                 ">synchronizedAudioText<", ">auditory<", 'refines="#mo3"'):
        check(meta in opf, f"package: no {meta}")


def test_sentence_5_is_on_time():
    """The clip of sentence 5 in the decoded MP3 against the sentence in a WAV export's timings:
    the loudness envelopes match within 10 ms (libsndfile's MP3 would be ~50 ms late)."""
    wav, timings = os.path.join(TMP, "a.wav"), os.path.join(TMP, "a.json")
    book = os.path.join(TMP, "article-sentence.epub")
    if not os.path.exists(book) or not export(SAMPLE, wav, "--timings", timings):
        return
    with open(timings) as f:
        sentences = [s for p in json.load(f)["paragraphs"] for s in p["sentences"]]
    s5 = sentences[4]["start"]
    xhtml, smil = overlays(book)[1]
    m = re.search(r'<text src="c1\.xhtml#s5"/><audio src="audio/c1\.mp3" clipBegin="([^"]+)"',
                  smil)
    if not check(m, "no clip for sentence 5"):
        return
    clip = T.clock(m.group(1))
    check(abs(clip - s5) <= 0.010, f"clip of sentence 5 at {clip}, timings say {s5}")
    rate, ref = T.read_wav(wav)
    mp3 = os.path.join(TMP, "c1.mp3")
    with zipfile.ZipFile(book) as z, open(mp3, "wb") as f:
        f.write(z.read("EPUB/audio/c1.mp3"))
    decoded = T.decode_mp3(mp3, rate)
    check(abs(len(decoded) - len(ref)) <= rate // 100,
          f"decoded MP3 has {len(decoded)} samples, the WAV {len(ref)}")
    lag, score = T.lag_ms(ref, round(s5 * rate), decoded, round(clip * rate), rate)
    check(score > 0.9, f"the audio at sentence 5's clip is not the sentence ({score:.2f})")
    check(abs(lag) <= 10, f"sentence 5 is heard {lag} ms after its clip begins")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def text_langs(elem, lang):
    """The text of elem as (text, language in effect) pieces, in order."""
    if elem.get("lang") != elem.get(XML_LANG):
        check(False, f"<{elem.tag}> says lang={elem.get('lang')} xml:lang={elem.get(XML_LANG)}")
    lang = elem.get(XML_LANG) or lang
    out = [(elem.text or "", lang)]
    for child in elem:
        out += text_langs(child, lang)
        out.append((child.tail or "", lang))
    return out


def clips(book):
    """{sentence id: clip length in seconds} of the book's first overlay."""
    return {i: T.clock(e) - T.clock(b) for i, b, e in re.findall(
        r'<text src="c1\.xhtml#(s\d+)"/><audio [^>]*clipBegin="([^"]+)" clipEnd="([^"]+)"',
        overlays(book)[1][1])}


def test_languages():
    """samples/mixed-quotation.html: a French blockquote and two French phrases in English
    paragraphs. The French is marked in the XHTML (every French letter, and nothing else) and
    spoken with the French voice: its clips last otherwise than with --lang en, while the
    English heading's clip does not change."""
    mixed = os.path.join(SRC, "samples", "mixed-quotation.html")
    book, english = os.path.join(TMP, "mixed.epub"), os.path.join(TMP, "mixed-en.epub")
    sentences = os.path.join(TMP, "mixed-sentences.epub")
    if not (export(mixed, book, "--sync", "word") and export(mixed, sentences) and
            export(mixed, english, "--lang", "en")):
        return
    validate(book)
    root = ET.fromstring(overlays(book)[1][0])
    body = root.find("{http://www.w3.org/1999/xhtml}body")
    pieces = text_langs(body, root.get(XML_LANG))
    french = "".join("".join(t.split()) for t, lang in pieces if lang == "fr")
    want = ("Petit à petit, l'oiseau fait son nid. Il ne sert à rien de courir, il faut partir "
            "à point. encore une fois tout vient à point à qui sait attendre")
    check(french == "".join(want.split()), f"the text marked French: {french!r}")
    check(root.get(XML_LANG) == "en", f"the document's language: {root.get(XML_LANG)}")
    french_clips, english_clips = clips(sentences), clips(english)
    check(french_clips.get("s1") == english_clips.get("s1"),
          f"the English heading sounds different: {french_clips} {english_clips}")
    for s in ("s4", "s5", "s7", "s8"):
        check(s in french_clips and abs(french_clips[s] - english_clips.get(s, 0)) > 0.01,
              f"{s} (French or with French words) takes as long as in English: "
              f"{french_clips.get(s)} {english_clips.get(s)}")


def test_bad_requests():
    mp3 = os.path.join(TMP, "x.mp3")
    r = run("export", SAMPLE, "--format", "daisy202", "-o", mp3)
    check(r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("lector: "),
          f"daisy202 to a .mp3: exit {r.returncode}, {r.stderr!r}")
    check(not os.path.exists(mp3), "daisy202 to a .mp3 wrote something")
    r = run("export", SAMPLE, "--sync", "letter", "-o", os.path.join(TMP, "y.epub"))
    check(r.returncode == 2 and r.stderr.count("\n") == 1, f"--sync letter: {r.returncode}")
    old = os.path.join(TMP, "old.epub")
    with open(old, "w") as f:
        f.write("keep me")
    r = run("export", SAMPLE, "-o", old)
    check(r.returncode == 1 and r.stderr.count("\n") == 1 and "--force" in r.stderr,
          f"existing .epub: exit {r.returncode}, {r.stderr!r}")
    with open(old) as f:
        check(f.read() == "keep me", "an existing .epub was replaced without --force")


def test_interrupted():
    """SIGINT while the speech is being made: exit 130 and nothing in the directory."""
    long_text = os.path.join(TMP, "long.txt")
    with open(SAMPLE) as f:
        text = f.read()
    with open(long_text, "w") as f:
        f.write((text + "\n\n") * 6)
    out_dir = os.path.join(TMP, "interrupted")
    os.mkdir(out_dir)
    rc, err, left = T.interrupted_export(
        LECTOR, [long_text, "-o",
                 os.path.join(out_dir, "b.epub"), "-q", "-j", "1"], out_dir)
    check(rc == 130, f"interrupted export: exit {rc}, {err!r}")
    check(left == [], f"left behind: {left}")


test_books()
test_sentence_5_is_on_time()
test_languages()
test_bad_requests()
test_interrupted()
if not CAN_CHECK:
    print("epubcheck (java, /usr/share/java/epubcheck.jar) is absent: the books were not "
          "validated")
finish()
