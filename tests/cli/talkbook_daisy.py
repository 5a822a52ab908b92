"""DAISY 2.02 talking books (issue 17): the test book and the sample article exported with
--format daisy202 pass DAISY Pipeline 2's RELAX NG schemas with jing (DOCTYPE stripped; skipped
when ../shared or jing is absent), and the rules jing does not run are checked here: clips are
npt= and within the decoded audio, times increase, every link resolves, the ncc's metadata
agrees with the files. An existing directory is refused without -f, and replaced with it only
when it holds files alone; an interrupted export leaves nothing behind."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "data"))
from clitest import LECTOR, SAMPLE, SRC, TMP, check, finish, run  # noqa: E402
import make_epub as M  # noqa: E402
import talkbook as T  # noqa: E402

SCHEMAS = os.path.join(SRC, "..", "shared", "benchmarks", "daisy202-schemas", "d202")


def export(src, out, *extra):
    r = run("export", src, "--format", "daisy202", "-o", out, "-q", *extra)
    check(r.returncode == 0, f"export {src} -> {out}: exit {r.returncode}, {r.stderr}")
    return r.returncode == 0


def jing(schema, paths):
    """Validates the files, DOCTYPE stripped (jing would fetch the DTD)."""
    stripped = []
    for p in paths:
        with open(p) as f:
            text = re.sub(r"<!DOCTYPE[^>]*>\n?", "", f.read(), count=1)
        out = os.path.join(TMP, "jing-" + os.path.basename(os.path.dirname(p)) + "-" +
                           os.path.basename(p))
        with open(out, "w") as f:
            f.write(text)
        stripped.append(out)
    r = subprocess.run(["java", "-cp", T.JING, "com.thaiopensource.relaxng.util.Driver",
                        os.path.join(SCHEMAS, schema), *stripped], capture_output=True,
                       text=True, timeout=300)
    check(r.returncode == 0, f"jing {schema}: {r.stdout}{r.stderr}")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def check_rules(book, levels=None):
    """What the Pipeline's Schematron rules (not run by jing) and the player need."""
    ncc = read(os.path.join(book, "ncc.html"))
    content_ids = set(re.findall(r' id="([^"]+)"', read(os.path.join(book, "content.html"))))
    body = ncc.split("<body>", 1)[1]
    check(re.match(r'\s*<h1 class="title" id="[^"]+"><a href="p001\.smil#', body),
          f"{book}: the ncc does not open with <h1 class=\"title\">")
    heads = re.findall(r'<h([1-6])[^>]*><a href="([^"#]+)#([^"]+)">', body)
    meta = dict(re.findall(r'<meta name="([^"]+)" content="([^"]*)"', ncc))
    check(meta.get("ncc:tocItems") == str(len(heads)), f"{book}: tocItems {meta}")
    check(meta.get("ncc:multimediaType") == "audioFullText", f"{book}: multimediaType")
    files = sorted(os.listdir(book))
    check(meta.get("ncc:files") == str(len(files)), f"{book}: ncc:files vs {files}")
    if levels is not None:
        check([int(h) for h, _, _ in heads[1:]] == levels, f"{book}: heading levels {heads}")
    total = 0.0
    smils = sorted(f for f in files if f.endswith(".smil"))
    for name in smils:
        smil = read(os.path.join(book, name))
        ids = set(re.findall(r' id="([^"]+)"', smil))
        mp3 = os.path.join(book, name.replace(".smil", ".mp3"))
        seconds = len(T.decode_mp3(mp3, 22050)) / 22050
        last_end = 0.0
        for src, begin, end in re.findall(r'<text src="content\.html#([^"]+)"[^>]*/><audio '
                                          r'src="[^"]+" clip-begin="([^"]+)" '
                                          r'clip-end="([^"]+)"', smil):
            check(src in content_ids, f"{name}: text src #{src} is not in content.html")
            check(begin.startswith("npt=") and end.startswith("npt="), f"{name}: {begin} {end}")
            b, e = T.clock(begin), T.clock(end)
            check(last_end - 1e-9 <= b < e <= seconds + 0.001,
                  f"{name}: clip {b}-{e} after {last_end}, audio {seconds:.3f} s")
            last_end = e
        in_smil = dict(re.findall(r'<meta name="([^"]+)" content="([^"]*)"', smil))
        check(abs(T.clock(in_smil.get("ncc:totalElapsedTime", "0:0:0")) - total) < 0.002,
              f"{name}: totalElapsedTime")
        total += T.clock(in_smil.get("ncc:timeInThisSmil", "0:0:0"))
        check(abs(T.clock(in_smil.get("ncc:timeInThisSmil", "0:0:0")) - seconds) < 0.002,
              f"{name}: timeInThisSmil vs the audio's {seconds}")
        for href, frag in [(h, f) for _, h, f in heads if h == name]:
            check(frag in ids, f"ncc links to {href}#{frag}, not in it")
    check(all(h in smils for _, h, _ in heads), f"{book}: ncc links to a missing SMIL")
    check(abs(T.clock(meta.get("ncc:totalTime", "0:0:0")) - total) < 0.002, f"{book}: totalTime")
    if os.path.isdir(SCHEMAS) and T.have_java(T.JING):
        jing("d202ncc.rng", [os.path.join(book, "ncc.html")])
        jing("d202smil.rng", [os.path.join(book, s) for s in smils])


def test_books():
    alice = M.write(os.path.join(TMP, "alice.epub"))
    book = os.path.join(TMP, "alice-daisy")
    if export(alice, book):
        check_rules(book, levels=[1, 1, 2, 1])
    article = os.path.join(TMP, "article-daisy")
    if export(SAMPLE, article):
        check_rules(article)


def test_existing():
    book = os.path.join(TMP, "alice-daisy")
    alice = os.path.join(TMP, "alice.epub")
    before = sorted(os.listdir(book))
    r = run("export", alice, "--format", "daisy202", "-o", book)
    check(r.returncode == 1 and r.stderr.count("\n") == 1 and "--force" in r.stderr,
          f"existing directory: exit {r.returncode}, {r.stderr!r}")
    check(sorted(os.listdir(book)) == before, "the existing book changed without --force")
    with open(os.path.join(book, "extra.txt"), "w") as f:
        f.write("old")
    check(export(alice, book, "-f") and not os.path.exists(os.path.join(book, "extra.txt")),
          "-f did not replace the old book")
    mine = os.path.join(TMP, "mine")
    os.makedirs(os.path.join(mine, "photos"))
    r = run("export", alice, "--format", "daisy202", "-o", mine, "-f")
    check(r.returncode == 1 and os.listdir(mine) == ["photos"],
          f"a directory holding a directory was replaced: {r.returncode}, {os.listdir(mine)}")
    check([f for f in os.listdir(TMP) if ".lector-" in f] == [], "a temporary directory is left")


def test_interrupted():
    long_text = os.path.join(TMP, "long.txt")
    with open(long_text, "w") as f:
        f.write((read(SAMPLE) + "\n\n") * 6)
    out_dir = os.path.join(TMP, "interrupted")
    os.mkdir(out_dir)
    rc, err, left = T.interrupted_export(
        LECTOR, [long_text, "--format", "daisy202", "-o",
                 os.path.join(out_dir, "book"), "-q", "-j", "1"], out_dir)
    check(rc == 130, f"interrupted export: exit {rc}, {err!r}")
    check(left == [], f"left behind: {left}")
    # Again while the book is being written into its temporary directory.
    rc, err, left = T.interrupted_export(
        LECTOR, [long_text, "--format", "daisy202", "-o", os.path.join(out_dir, "book"), "-q"],
        out_dir, ready=lambda pid: any(".lector-" in f and os.path.isdir(os.path.join(out_dir, f))
                                       for f in os.listdir(out_dir)))
    check(rc == 130, f"interrupted while writing the book: exit {rc}, {err!r}")
    check(left == [], f"left behind by an interrupted book: {left}")


test_books()
test_existing()
test_interrupted()
finish()
