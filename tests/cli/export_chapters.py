"""Chapters in audio files: .m4b, .mp3 and .opus exports of a Markdown file with headings and of
the test EPUB carry one chapter per section (ffprobe -show_chapters), titled, starting within
10 ms of the section's start in the timings; decoded, the audio is where the timings say (the
onset of speech at each section against the WAV export of the same text, whose samples the
timings count); title and artist tags are kept; a document without sections gets none."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "data"))
from clitest import TMP, check, run, finish  # noqa: E402
import audio_probe as A  # noqa: E402
import make_epub as M  # noqa: E402

if not A.HAVE_FFMPEG:
    print("SKIP: no ffprobe (Debian package ffmpeg)")
    sys.exit(77)

TOLERANCE = 0.010
ARTIST = "\u00c4rtist of Tests"
TITLE = "T\u00eftle \u2014 of Tests"

MARKDOWN = """# A Small Book

An opening paragraph before the first chapter. It has two sentences.

## First Chapter

The first chapter starts here. It has a few words to say about nothing much.

### A Section \u00c9crite

Some text in a subsection, to make a heading of the third level.

## Second Chapter

The second chapter is short. Quite short indeed.
"""


def export(src, out, *extra):
    timings = out + ".json"
    r = run("export", src, "-o", out, "--timings", timings, "-q", *extra)
    check(r.returncode == 0 and r.stderr == "",
          f"export {os.path.basename(out)}: exit {r.returncode}, {r.stderr!r}")
    if r.returncode != 0:
        return None
    with open(timings, encoding="utf-8") as f:
        return json.load(f)


def check_chapters(name, path, sections):
    info = A.probe(path)
    chapters = info.get("chapters", [])
    check(len(chapters) == len(sections),
          f"{name}: {len(chapters)} chapters for {len(sections)} sections")
    for ch, sec in zip(chapters, sections):
        title = ch.get("tags", {}).get("title")
        check(title == sec["title"], f"{name}: chapter titled {title!r}, not {sec['title']!r}")
        start = float(ch["start_time"])
        check(abs(start - sec["start"]) <= TOLERANCE,
              f"{name}: chapter {title!r} starts at {start:.3f} s, the timings at "
              f"{sec['start']:.3f} s")
    return info


def check_decoded(name, path, reference, rate, timings):
    """As long as the timings say, and speech starts at each section as it does in the WAV
    export (within 10 ms)."""
    decoded = A.decode(path, rate)
    check(abs(len(decoded) / rate - timings["duration"]) < 0.05,
          f"{name}: {len(decoded) / rate} s decoded, the timings say {timings['duration']}")
    sections = timings["sections"]
    for sec in sections:
        want = A.onset(reference, rate, sec["start"])
        got = A.onset(decoded, rate, sec["start"])
        check(want is not None and got is not None and abs(got - want) <= TOLERANCE,
              f"{name}: speech of {sec['title']!r} heard at {got} s, at {want} s in the WAV")


def test_document(label, src):
    ref = export(src, os.path.join(TMP, label + ".wav"))
    if not ref:
        return
    rate = ref["sample_rate"]
    sections = ref["sections"]
    check(len(sections) >= 3, f"{label}: only {len(sections)} sections to test with")
    reference = A.decode(os.path.join(TMP, label + ".wav"), rate)
    check(A.probe(os.path.join(TMP, label + ".wav")).get("chapters") == [],
          f"{label}: a WAV file got chapters")
    for fmt in ["m4b", "mp3", "opus"]:
        name = f"{label}.{fmt}"
        out = os.path.join(TMP, name)
        timings = export(src, out, "--artist", ARTIST, "--title", TITLE)
        if not timings:
            continue
        check(timings["sections"] and [s["title"] for s in timings["sections"]] ==
              [s["title"] for s in sections], f"{name}: the sections differ from the WAV's")
        info = check_chapters(name, out, timings["sections"])
        tags = A.tags(info)
        check(tags.get("title") == TITLE, f"{name}: title tag {tags.get('title')!r}")
        check(tags.get("artist") == ARTIST, f"{name}: artist tag {tags.get('artist')!r}")
        check_decoded(name, out, reference, rate, timings)


def test_no_sections():
    """Text without a heading: no chapters, and the file is still tagged."""
    src = os.path.join(TMP, "plain.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write("Just one paragraph of text. It has no heading at all, so no sections.\n")
    for fmt in ["mp3", "m4b"]:
        out = os.path.join(TMP, "plain." + fmt)
        r = run("export", src, "-o", out, "-q", "--title", "Pl\u00e4in")
        check(r.returncode == 0, f"plain.{fmt}: exit {r.returncode}, {r.stderr!r}")
        if r.returncode == 0:
            info = A.probe(out)
            check(info.get("chapters") == [], f"plain.{fmt}: chapters without sections")
            check(A.tags(info).get("title") == "Pl\u00e4in", f"plain.{fmt}: title {A.tags(info)}")


md = os.path.join(TMP, "book.md")
with open(md, "w", encoding="utf-8") as f:
    f.write(MARKDOWN)
test_document("markdown", md)
test_document("epub", M.write(os.path.join(TMP, "alice.epub")))
test_no_sections()
finish()
