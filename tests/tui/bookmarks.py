"""Bookmarks in the reader under tmux (issue 20, point 11): b marks the sentence being read and
says which bookmark it is, b again there removes it; they are kept with the position, so after q
and reopening, B lists them ("paragraph P, sentence S: first words") and Enter on the second
reads from it. Plain mode prints the numbered list and takes a number."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402

PARAS = ["Alpha begins the story here. It goes on.", "Bravo is the second part.",
         "Charlie comes third in line.", "Delta is the fourth paragraph. Then more.",
         "Echo closes the list of five."]


def write_doc(tmp):
    path = os.path.join(tmp, "marks.txt")
    with open(path, "w") as f:
        f.write("\n\n".join(PARAS) + "\n")
    return path


def state_files(tmp):
    d = os.path.join(tmp, "state", "lector", "positions")
    return [os.path.join(d, n) for n in os.listdir(d)] if os.path.isdir(d) else []


def reading_after(s, before, paragraph, what):
    """Waits for the trace to show a sentence of paragraph (0-based) started after its first
    `before` events (those before the key that led there)."""
    deadline = T.time.monotonic() + T.DEADLINE
    while True:
        later = s.trace()[before:]
        if any(e.get("event") == "sentence" and e.get("paragraph") == paragraph for e in later):
            return
        T.expect(T.time.monotonic() < deadline, "%s: %s" % (what, later[-8:]))
        T.time.sleep(T.POLL)


def test_bookmarks_kept_and_listed(tmp):
    doc = write_doc(tmp)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", doc])
        s.wait_for("Paused, paragraph 1 of 5")
        s.keys("Down")
        s.wait_for("Paused, paragraph 2 of 5")
        s.keys("b")
        s.wait_for("Bookmark 1 added")
        s.keys("Down", "Down")
        s.wait_for("Paused, paragraph 4 of 5")
        s.keys("b")
        s.wait_for("Bookmark 2 added")
        s.keys("b")                                  # again on the same sentence: removed
        s.wait_for("Bookmark 2 removed")
        s.keys("b")
        s.wait_for("Bookmark 2 added")
        T.expect(s.quit() == 0, "q did not exit 0")
    files = state_files(tmp)
    T.expect(len(files) == 1, "one state file expected: %s" % files)
    with open(files[0]) as f:
        saved = json.load(f)
    # Sentence indices in the whole document (paragraph 1 has two sentences), each with the
    # print of its sentence that finds it again after an edit.
    marks = saved.get("bookmarks") or []
    T.expect([m.get("sentence") for m in marks] == [2, 4], "bookmarks saved as %r" % marks)
    T.expect(all(len(m.get("print", "")) == 16 for m in marks), "no prints in %r" % marks)

    with T.Session(tmp) as s:                        # reopened: the list is still there
        s.start(["--audio", "null", doc])
        s.wait_for("paragraph 4 of 5")
        s.keys("g")
        s.wait_for("paragraph 1 of 5")
        s.keys("B")
        s.wait_for("2. paragraph 4, sentence 1: Delta is the fourth paragraph.")
        screen = s.screen()
        T.expect("1. paragraph 2, sentence 1: Bravo is the second part." in screen,
                 "the first bookmark is not listed:\n" + screen)
        _, row = s.cursor()
        T.expect("1. paragraph 2" in screen.splitlines()[row],
                 "the cursor is not on the first bookmark:\n" + screen)
        s.keys("Down")
        s.wait_for(lambda t: "2. paragraph 4" in t.splitlines()[s.cursor()[1]] and t)
        before = len(s.trace())
        s.keys("Enter")
        reading_after(s, before, 3, "Enter on the second bookmark did not read paragraph 4")
        s.wait_for("Bookmark 2 of 2")
        T.expect(s.quit() == 0, "q did not exit 0")


def test_bookmarks_follow_edits(tmp):
    """A bookmark marks words, not a number: after a paragraph is added before them and one of
    them is reworded around, the list still names the same sentences."""
    doc = write_doc(tmp)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", doc])
        s.wait_for("Paused, paragraph 1 of 5")
        s.keys("Down", "Down")
        s.wait_for("Paused, paragraph 3 of 5")
        s.keys("b")
        s.wait_for("Bookmark 1 added")
        s.keys("Down", "Right")
        s.wait_for("Paused, paragraph 4 of 5, sentence 2")
        s.keys("b")
        s.wait_for("Bookmark 2 added")
        T.expect(s.quit() == 0, "q did not exit 0")
    edited = ["A new opening paragraph. It has two sentences, too."] + PARAS
    edited[4] = "Delta was rewritten here. Then more."          # the marked sentence kept
    with open(doc, "w") as f:
        f.write("\n\n".join(edited) + "\n")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", doc])
        s.wait_for("of 6")
        s.keys("B")
        s.wait_for("2. paragraph 5, sentence 2: Then more.")
        T.expect("1. paragraph 4, sentence 1: Charlie comes third in line." in s.screen(),
                 "the first bookmark did not follow its sentence:\n" + s.screen())
        s.keys("Escape")                             # closes the list; q then quits
        s.wait_for(lambda t: "2. paragraph 5" not in t and t)
        T.expect(s.quit() == 0, "q did not exit 0")


def test_bookmarks_in_plain_mode(tmp):
    doc = write_doc(tmp)
    with T.Session(tmp) as s:
        s.start(["--plain", "--audio", "null", "--paused", doc])
        s.wait_for("Alpha begins")
        s.keys("B")
        s.wait_for("No bookmarks")
        s.keys("n", "n")
        s.wait_for("Charlie comes")
        s.keys("b")
        s.wait_for("Bookmark 1 added")
        s.keys("B")
        s.wait_for(r"1\. paragraph 3, sentence 1: Charlie comes third in line\.")
        s.wait_for(r"Bookmark number \(1 to 1\)")
        s.keys("g")                                  # not a command while the list is open
        s.type("1")
        s.keys("Enter")
        s.wait_for("Bookmark 1 of 1")
        T.expect(s.quit() == 0, "q did not exit 0")


if __name__ == "__main__":
    sys.exit(T.run([test_bookmarks_kept_and_listed, test_bookmarks_follow_edits,
                    test_bookmarks_in_plain_mode]))
