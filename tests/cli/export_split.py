"""lector export --split: one file per chapter or heading in a directory named after -o, with an
.m3u8 playlist whose durations add up to the whole; each file starts where its section starts
in the timings (decoded, against the WAV export); names made safe; an existing directory is
kept without -f; bad requests get one line and exit 2; an interrupted split leaves nothing."""
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, run, finish, write  # noqa: E402
import audio_probe as A  # noqa: E402

if not A.HAVE_FFMPEG:
    print("SKIP: no ffprobe (Debian package ffmpeg)")
    sys.exit(77)

TOLERANCE = 0.010

MARKDOWN = """An opening before any heading. It belongs to no section.

# A Small Book

## First Chapter

The first chapter starts here. It has a few words to say about nothing much.

### A Section Within

Some text in a subsection, to make a heading of the third level.

## Q&A: yes/no? *a\\b* ..

The second chapter has a title no file system likes. Quite short indeed.
"""


def read_playlist(path):
    """[(seconds, title, file name)] of an .m3u8, checking its form."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    check(lines[0] == "#EXTM3U", f"{path}: starts {lines[0]!r}")
    entries = []
    for i in range(1, len(lines) - 1, 2):
        head, name = lines[i], lines[i + 1]
        check(head.startswith("#EXTINF:"), f"{path}: line {head!r}")
        seconds, _, title = head[len("#EXTINF:"):].partition(",")
        entries.append((float(seconds), title, name))
    return entries


def check_split(label, src, fmt, by, reference, ref_timings):
    out_dir = os.path.join(TMP, label)
    os.mkdir(out_dir)
    r = run("export", src, "-o", os.path.join(out_dir, "book." + fmt), "--split", by,
            "--timings", os.path.join(out_dir, "book.json"))
    check(r.returncode == 0, f"{label}: exit {r.returncode}, {r.stderr!r}")
    check(r.stderr.startswith(f"lector: wrote ") and "playlist in" in r.stderr,
          f"{label}: says {r.stderr!r}")
    book = os.path.join(out_dir, "book")
    if r.returncode != 0:
        return []
    entries = read_playlist(os.path.join(book, "book.m3u8"))
    check(sorted(os.listdir(book)) == sorted([e[2] for e in entries] + ["book.m3u8"]),
          f"{label}: files {sorted(os.listdir(book))} against the playlist's")
    check(sorted(os.listdir(out_dir)) == ["book", "book.json"],
          f"{label}: beside the directory: {os.listdir(out_dir)}")
    rate = ref_timings["sample_rate"]
    total = ref_timings["duration"]
    check(abs(sum(e[0] for e in entries) - total) <= 0.001 * len(entries),
          f"{label}: the playlist adds up to {sum(e[0] for e in entries)} s, not {total}")
    offset = 0.0
    for number, (seconds, title, name) in enumerate(entries, 1):
        path = os.path.join(book, name)
        check(name.startswith("%02d " % number) and name.endswith("." + fmt),
              f"{label}: file name {name!r}")
        decoded = A.decode(path, rate)
        # ffmpeg drops the codecs' priming but may play out AAC's last frame (1024 samples).
        check(-0.002 <= len(decoded) / rate - seconds <= 0.05,
              f"{label}: {name} lasts {len(decoded) / rate} s, the playlist says {seconds}")
        check(A.tags(A.probe(path)).get("title") == title, f"{label}: {name}: title tag")
        # The file starts on its section's first sentence (or on the text before any).
        starts = [s["start"] for s in ref_timings["sections"] if s["title"] == title]
        if number > 1:
            check(starts and abs(starts[0] - offset) <= TOLERANCE,
                  f"{label}: {name} starts at {offset} s of the whole, its section at {starts}")
        want = A.onset(reference, rate, offset + 0.15)
        got = A.onset(decoded, rate, 0.15)
        check(want is not None and got is not None and abs(got + offset - want) <= TOLERANCE,
              f"{label}: {name}: speech at {got} s, at {want} s of the whole WAV")
        offset += seconds
    return entries


def test_splits():
    src = write("book.md", MARKDOWN)
    wav = os.path.join(TMP, "book.wav")
    r = run("export", src, "-o", wav, "--timings", wav + ".json", "-q")
    if not check(r.returncode == 0, f"wav: exit {r.returncode}, {r.stderr!r}"):
        return
    with open(wav + ".json", encoding="utf-8") as f:
        ref_timings = json.load(f)
    reference = A.decode(wav, ref_timings["sample_rate"])
    # Chapters are the sections at the level seen more than once (##) and above (#).
    entries = check_split("chapter-mp3", src, "mp3", "chapter", reference, ref_timings)
    # The text before the first heading is a part of its own, titled as the document.
    check([e[1] for e in entries] == ["A Small Book", "A Small Book", "First Chapter",
                                      "Q&A: yes/no? a\\b .."],
          f"chapter-mp3: titles {[e[1] for e in entries]}")
    check(entries and entries[3][2] == "04 Q&A yes no a b.mp3",
          f"chapter-mp3: a safe name for the hostile title: {entries and entries[3][2]!r}")
    entries = check_split("heading-m4b", src, "m4b", "heading", reference, ref_timings)
    check(len(entries) == 5, f"heading-m4b: {len(entries)} files, not 5")
    check_split("chapter-opus", src, "opus", "chapter", reference, ref_timings)


def test_refusals():
    src = write("small.md", "# Title\n\nOne sentence.\n")
    for args in [["-o", "-", "--split", "chapter"], ["-o", os.path.join(TMP, "x.mp3"), "--split",
                                                     "pages"],
                 ["-o", TMP + "/", "--split", "chapter", src]]:
        r = run("export", src, *args)
        check(r.returncode == 2 and r.stderr.count("\n") == 1 and r.stderr.startswith("lector: "),
              f"{args}: exit {r.returncode}, {r.stderr!r}")
    # An existing directory: kept without -f; with -f, replaced only if a split made it.
    target = os.path.join(TMP, "mine")
    os.mkdir(target)
    write("mine/keep.txt", "mine")
    for force in [[], ["-f"]]:
        r = run("export", src, "-o", target + ".mp3", "--split", "chapter", *force)
        check(r.returncode == 1 and r.stderr.count("\n") == 1,
              f"existing directory {force}: exit {r.returncode}, {r.stderr!r}")
        check(os.listdir(target) == ["keep.txt"], f"existing directory {force}: touched")
    again = os.path.join(TMP, "again.mp3")
    for force in [[], ["-f"]]:
        r = run("export", src, "-o", again, "--split", "chapter", "-q", *force)
        check(r.returncode == 0, f"split over a split {force}: exit {r.returncode}, {r.stderr!r}")
    r = run("export", src, "-o", again, "--split", "chapter", "-q")
    check(r.returncode == 1 and "--force" in r.stderr, f"a split's directory without -f: {r.stderr!r}")
    check(sorted(os.listdir(os.path.join(TMP, "again"))) == ["01 Title.mp3", "again.m3u8"],
          f"after -f: {os.listdir(os.path.join(TMP, 'again'))}")


def test_interrupted():
    """Ctrl-C while the export runs: exit 130, no directory, no temporary one."""
    out_dir = os.path.join(TMP, "stopped")
    os.mkdir(out_dir)
    proc = subprocess.Popen([LECTOR, "export", SAMPLE, "-o", os.path.join(out_dir, "a.mp3"),
                             "--split", "heading", "-j", "1"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not os.listdir(out_dir) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    check(proc.poll() is None, "interrupted: the export ended before it could be interrupted")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    check(proc.returncode == 130, f"interrupted: exit {proc.returncode}, {err!r}")
    check(os.listdir(out_dir) == [], f"interrupted: left {os.listdir(out_dir)}")


test_splits()
test_refusals()
test_interrupted()
finish()
