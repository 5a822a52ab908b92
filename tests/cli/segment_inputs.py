#!/usr/bin/env python3
"""`lector segment` on real inputs (the samples, Markdown, HTML, other encodings, stdin) and on
bad ones (missing file, directory, binary, empty, /dev/zero, hostile HTML): what it prints,
its exit status, and that an error is exactly one line on stderr."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, SRC, TMP, check, failures, finish  # noqa: E402


def run(*args, stdin=None):
    p = subprocess.run([LECTOR, "segment", *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def sample(name):
    return os.path.join(SRC, "samples", name)


def tmp_file(name, data):
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def expect_error(args, message, label):
    rc, out, err = run(*args)
    lines = err.splitlines()
    check(rc == 1, f"{label}: exit status {rc}, expected 1")
    check(len(lines) == 1, f"{label}: {len(lines)} lines on stderr, expected 1: {err!r}")
    check(out == "", f"{label}: printed on stdout: {out[:100]!r}")
    if lines:
        check(lines[0].startswith("lector: "), f"{label}: {lines[0]!r} does not start with 'lector: '")
        check(message in lines[0], f"{label}: {lines[0]!r} does not say {message!r}")


def kinds(args, stdin=None):
    rc, out, err = run("--json", *args, stdin=stdin)
    check(rc == 0, f"--json {args}: exit status {rc}: {err}")
    doc = json.loads(out) if rc == 0 else {"paragraphs": []}
    return [(p["kind"], " ".join(s["text"] for s in p["sentences"])) for p in doc["paragraphs"]]


# --- bad inputs: one line on stderr, exit 1 -------------------------------------------------
missing = os.path.join(TMP, "missing.txt")
expect_error([missing], f"lector: cannot open '{missing}': No such file or directory", "missing file")
expect_error([TMP], "Is a directory", "directory")
expect_error([tmp_file("binary.txt", b"GIF89a\x00\x01\x02\x03 some bytes\x00")], "not a text file", "binary file")
expect_error([tmp_file("noise.dat", bytes((i * 7 + 1) % 31 + 1 for i in range(4000)))], "not a text file",
             "control characters")
expect_error([tmp_file("empty.txt", b"")], "has no text to read", "empty file")
expect_error([tmp_file("blank.txt", b"  \n\n\t\r\n   \n")], "has no text to read", "whitespace-only file")
# Windows-1252 no-break spaces only: the error alone, not also a warning about the encoding.
expect_error([tmp_file("nbsp.txt", b"\xa0 \xa0\n")], "has no text to read", "Windows-1252 blank file")
expect_error(["/dev/zero"], "not a text file", "/dev/zero")
expect_error(["-"], "standard input", "empty stdin")
deep = "<html><body>" + "<div>" * 10000 + "Deep text." + "</div>" * 10000 + "</body></html>"
rc, out, err = run(tmp_file("deep.html", deep.encode()))
check(rc == 0 and out == "Deep text.\n" and err == "", f"10,000 nested elements: exit {rc}, {out!r}, {err!r}")
if os.geteuid() != 0:
    locked = tmp_file("locked.txt", b"secret\n")
    os.chmod(locked, 0)
    expect_error([locked], "Permission denied", "unreadable file")

# --- the reference article --------------------------------------------------------------------
article = kinds([sample("online-safety.txt")])
check(len(article) >= 17, f"online-safety.txt: {len(article)} paragraphs")
if article:
    check(article[0][0] == "heading", f"online-safety.txt: first paragraph is {article[0][0]}")
    check([k for k, _ in article[-2:]] == ["item", "item"], "online-safety.txt: the bullet lines are not items")
    check(all(k == "paragraph" for k, _ in article[1:-2]), "online-safety.txt: body paragraphs have other kinds")
    check(not any(t.startswith("\u2022") for _, t in article), "online-safety.txt: a bullet is read")
rc, out, err = run(sample("online-safety.txt"))
with open(sample("online-safety.txt"), "rb") as f:
    rc2, out2, err2 = run("-", stdin=f.read())
check(rc == 0 and rc2 == 0 and out == out2 and err == err2 == "", "stdin reads like the file")

# --- the other samples ------------------------------------------------------------------------
for name in ("hard-wrapped.txt", "lists-and-headings.txt", "article.md", "article.html"):
    rc, out, err = run(sample(name))
    check(rc == 0 and out.strip() and err == "", f"{name}: exit {rc}, stderr {err!r}")

wrapped = kinds([sample("hard-wrapped.txt")])
check(("heading", "THE KEEPER OF SOUTH ROCK") in wrapped, "hard-wrapped.txt: title heading")
with open(sample("hard-wrapped.txt"), encoding="utf-8") as f:
    blocks = [b for b in f.read().split("\n\n") if b.strip() and b.strip() != "* * *"]
check(len(wrapped) == len(blocks), f"hard-wrapped.txt: {len(wrapped)} paragraphs for {len(blocks)} blocks")
for kind, text in wrapped:
    check("\n" not in text, "hard-wrapped.txt: a line break survives in the segment output")

lists = kinds([sample("lists-and-headings.txt")])
count = {k: sum(1 for kk, _ in lists if kk == k) for k in ("heading", "item", "paragraph")}
check(count["heading"] >= 6 and count["item"] >= 14, f"lists-and-headings.txt: {count}")
check(("heading", "Common problems") in lists, "lists-and-headings.txt: underlined heading")
check(not any(t[:2] in ("- ", "• ") for _, t in lists), "lists-and-headings.txt: a bullet is read")
# An ordered item's number is read with it (README, Input): "1. Ask the allotment committee...".
numbered = [t for k, t in lists if k == "item" and t[:1].isdigit()]
check([t.split(" ")[0] for t in numbered[:4]] == ["1.", "2.", "3.", "4."],
      f"lists-and-headings.txt: ordered items without their numbers: {numbered[:4]}")

md = kinds([sample("article.md")])
check(md and md[0] == ("heading", "Backing up a home computer without losing sleep"), "article.md: heading")
check(any(k == "code" and "rsync --archive" in t for k, t in md), "article.md: code block")
check(any(k == "quote" for k, _ in md), "article.md: block quote")
check(any(k == "item" and t.startswith("1. Photographs and videos") for k, t in md), "article.md: numbered item")
check(any(t == "Photographs, 200 GB, 3" for _, t in md), "article.md: table row")
check(any("A small external disk next to a laptop" in t for _, t in md), "article.md: image alt text")
check(not any("https://" in t or "disk.jpg" in t or "**" in t for _, t in md), "article.md: markup or URL read")
with open(sample("article.md"), "rb") as f:
    check(kinds(["--input-format", "md", "-"], stdin=f.read()) == md, "article.md on stdin with --input-format md")

# --- issue 5: the HTML sample reads the article and nothing of the site ------------------------
rc, out, err = run(sample("article.html"))
check(rc == 0 and err == "", f"article.html: exit {rc}, stderr {err!r}")
for present in ("At ten past two on a Tuesday morning, the N47 pulls away from the harbour with nineteen "
                "passengers on board.", "Who rides after midnight", "If the bus goes, I go.",
                "The passengers see it differently.", "N47, 212, £410,000"):
    check(present in out, f"article.html: missing {present!r}")
for absent in ("cookies", "Accept all", "Subscribe", "Independent news", "Sport", "Most read",
               "Related stories", "All rights reserved", "Privacy policy", "Advertisement",
               "Tracking pixel", "analytics", "dataLayer", "pageview", "JavaScript", "font-family",
               "Structured data", "Share this article"):
    check(absent not in out, f"article.html: site furniture read: {absent!r}")
html = kinds([sample("article.html")])
headings = [t for k, t in html if k == "heading"]
check(headings == ["Why the night bus matters more than you think", "Who rides after midnight",
                   "What the numbers say"], f"article.html: headings {headings}")
check(any(k == "item" and t.startswith("seven in ten") for k, t in html), "article.html: list item")
check(any(k == "quote" for k, _ in html), "article.html: block quote")

# --- issue 5: encodings read the same as their UTF-8 twin ---------------------------------------
twin = ("Notes from the harbour\n\n"
        "\u201cIt costs \u20ac5 or \u00a34,\u201d said Ren\u00e9e \u2013 and that\u2019s that. "
        "The caf\u00e9 opens at six.\n\n"
        "\u2022 Bring a coat.\n\n"
        "\u2022 Don\u2019t forget the \u2018spare\u2019 key\u2026\n")
utf8 = tmp_file("twin-utf8.txt", twin.encode("utf-8"))


def iconv(to, data):
    if shutil.which("iconv"):
        return subprocess.run(["iconv", "-f", "UTF-8", "-t", to], input=data, capture_output=True,
                              check=True).stdout
    return data.decode("utf-8").encode({"WINDOWS-1252": "cp1252", "UTF-16LE": "utf-16-le",
                                        "UTF-16BE": "utf-16-be"}[to])


cp1252 = tmp_file("twin-1252.txt", iconv("WINDOWS-1252", twin.encode()))
utf16le = tmp_file("twin-utf16le.txt", b"\xff\xfe" + iconv("UTF-16LE", twin.encode()))
utf16be = tmp_file("twin-utf16be.txt", b"\xfe\xff" + iconv("UTF-16BE", twin.encode()))
bom8 = tmp_file("twin-bom.txt", b"\xef\xbb\xbf" + twin.encode())
crlf = tmp_file("twin-crlf.txt", twin.replace("\n", "\r\n").encode())
ref = run(utf8)
check(ref[0] == 0 and "\u201cIt costs \u20ac5" in ref[1], "UTF-8 twin")
ref_json = run("--json", utf8)
for path, warns in ((cp1252, True), (utf16le, False), (utf16be, False), (bom8, False), (crlf, False)):
    got = run(path)
    label = os.path.basename(path)
    check(got[0] == 0, f"{label}: exit {got[0]}")
    check(got[1] == ref[1], f"{label}: segment output differs from the UTF-8 twin")
    check(run("--json", path)[1] == ref_json[1], f"{label}: --json output differs from the UTF-8 twin")
    err_lines = got[2].splitlines()
    if warns:
        check(len(err_lines) == 1 and err_lines[0].startswith("lector: warning: ")
              and "Windows-1252" in err_lines[0], f"{label}: expected one warning line, got {got[2]!r}")
    else:
        check(got[2] == "", f"{label}: unexpected stderr {got[2]!r}")

# --- HTML charsets and detection from content ---------------------------------------------------
page = ("<html><head><meta charset=\"windows-1252\"><title>T</title></head><body>"
        "<p>\u201cQuoted\u201d caf\u00e9.</p></body></html>")
rc, out, err = run(tmp_file("declared.html", page.encode("cp1252")))
check(rc == 0 and out == "\u201cQuoted\u201d caf\u00e9.\n" and err == "", f"declared charset: {out!r} {err!r}")
rc, out, err = run("-", stdin=page.encode("cp1252"))
check(rc == 0 and out == "\u201cQuoted\u201d caf\u00e9.\n", f"HTML detected on stdin: {out!r}")
rc, out, err = run(tmp_file("page", b"<!DOCTYPE html>\n<html><body><h1>Hi</h1><p>There.</p></body></html>"))
check(rc == 0 and out == "Hi\n\nThere.\n", f"HTML detected without extension: {out!r}")

bomb = ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        + "".join(f"<!ENTITY lol{i} \"{('&lol;' if i == 1 else f'&lol{i-1};') * 10}\">\n" for i in range(1, 10))
        + "]>\n<html><body><p>Before.</p><p>&lol9;</p><p>After.</p></body></html>")
rc, out, err = run(tmp_file("bomb.html", bomb.encode()))
check((rc == 0 and "After." in out and len(out) < len(bomb)) or (rc == 1 and len(err.splitlines()) == 1),
      f"entity bomb: exit {rc}, {len(out)} bytes out, stderr {err!r}")
check("Sanitizer" not in err and "runtime error" not in err, "entity bomb: sanitizer report")

# --json --speech: each sentence's speech text, the same as --speech prints a line each.
rc, out, err = run("--json", "--speech", sample("online-safety.txt"))
speech_lines = run("--speech", sample("online-safety.txt"))[1].split("\n")
if check(rc == 0, f"--json --speech: exit {rc}: {err}"):
    got = [s["speech"] for p in json.loads(out)["paragraphs"] for s in p["sentences"]]
    check(got == [l for l in speech_lines if l], "--json --speech differs from --speech")
    check(any("\u2013" in s["text"] and "\u2013" not in s["speech"]
              for p in json.loads(out)["paragraphs"] for s in p["sentences"]),
          "--json --speech: the speech text is not normalised")

# Output that cannot be written (a full disk) is an error, for the help text as for the sentences.
if os.path.exists("/dev/full"):
    for args in (["segment", sample("online-safety.txt")], ["--help"], ["--version"],
                 ["segment", "--help"]):
        with open("/dev/full", "w") as full:
            p = subprocess.run([LECTOR, *args], stdout=full, stderr=subprocess.PIPE, timeout=120)
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 1 and len(err.splitlines()) == 1 and "standard output" in err,
              f"{args} to a full disk: exit {p.returncode}, stderr {err!r}")

if not failures:
    print("segment_inputs: all checks passed")
finish()
