"""Resuming a book that was edited since: read into chapter 3, quit; the book then gains
paragraphs in chapter 1 and chapter 3 changes (a paragraph before the place, a word after it);
reopened, reading goes on at the same paragraph of chapter 3 (the same words, found again),
not at the old paragraph number nor at the old offset within the chapter."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
import tmuxlib as T  # noqa: E402
import make_epub as M  # noqa: E402

# Long single-sentence paragraphs: the reader stays on each for seconds at the default speed.
POOL = ["The pool was deep and %s, and Alice swam in it for a long time without any hurry."
        % word for word in ("cold", "salt", "wide", "grey", "calm", "still")]


def chapters(extra_first=(), pool_first=None, pool_edit=False):
    first = ["Alice sat by the river with her sister and had nothing to do at all.",
             "Once or twice she peeped into the book her sister was reading."]
    pool = ([pool_first] if pool_first else []) + list(POOL)
    if pool_edit:
        pool[-1] = pool[-1].replace("long time", "very long time")
    para = "".join
    return [
        ("c1.xhtml", "The Beginning", "<h2>The Beginning</h2>" +
         para("<p>%s</p>" % p for p in list(extra_first) + first)),
        ("c2.xhtml", "Down the Rabbit-Hole",
         "<h2>Down the Rabbit-Hole</h2><p>Down, down, down she fell for a while.</p>"),
        ("c3.xhtml", "The Pool of Tears",
         "<h2>The Pool of Tears</h2>" + para("<p>%s</p>" % p for p in pool)),
    ]


def segment(book):
    sections = json.loads(T.subprocess.run([T.LECTOR, "segment", "--json", book],
                                           capture_output=True, text=True).stdout)["sections"]
    return sections, [" ".join(p) for p in T.segment(book)]


def announced(s, pattern):
    hits = s.wait_trace(lambda e: e.get("event") == "announce" and
                        re.search(pattern, e.get("text", "")), what="announce %r" % pattern)
    return re.search(pattern, hits[-1]["text"])


def main():
    T.require_tools()
    tmp = T.scratch_dir("book_resume")
    book = os.path.join(tmp, "alice.epub")
    M.write(book, chapters=chapters())
    sections, paras = segment(book)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", book])
        s.wait_trace(lambda e: e.get("event") == "sentence", what="reading")
        s.keys("Tab", "Tab")                            # chapter 3
        s.wait_trace(lambda e: e.get("event") == "sentence" and
                     e.get("paragraph") == sections[2]["first"], what="chapter 3")
        s.keys("Down", "Down", "Down", "space")         # its third paragraph, paused
        s.wait_trace(lambda e: e.get("event") == "state" and e.get("state") == "paused",
                     what="paused")
        s.keys("w")
        m = announced(s, r"chapter 3 of 3, The Pool of Tears, paragraph (\d+) of")
        T.expect(s.quit() == 0, "lector failed")
    here = sections[2]["first"] + int(m.group(1)) - 1
    T.expect(paras[here] in POOL[1:], "not in a paragraph of chapter 3 past its first: %r"
             % paras[here])

    # The book changes: three paragraphs more in chapter 1, one before the place in chapter 3,
    # and a word in chapter 3's last paragraph.
    M.write(book, chapters=chapters(["New opening %d, added in a later edition." % i
                                     for i in range(3)],
                                    "A paragraph added before the others, in the new edition.",
                                    pool_edit=True))
    _, new_paras = segment(book)
    want = new_paras.index(paras[here])
    T.expect(want != here and new_paras[here] != paras[here], "the edit moved nothing")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", book])
        hits = s.wait_trace(lambda e: e.get("event") == "sentence", what="reading")
        T.expect(hits[0]["paragraph"] == want,
                 "resumed at paragraph %d (%r), not %d (%r)"
                 % (hits[0]["paragraph"], new_paras[hits[0]["paragraph"]], want, paras[here]))
        s.wait_for("Resumed at paragraph %d of %d" % (want + 1, len(new_paras)))
        T.expect(s.quit() == 0, "lector failed")


main()
