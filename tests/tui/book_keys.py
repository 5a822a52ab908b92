"""Books in the reader under tmux: h/H and Tab move by heading and say so, the table of contents
opens on the current chapter and Enter on chapter 3 reads chapter 3, w names the chapter, and q
then reopening resumes in the same chapter."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
import tmuxlib as T  # noqa: E402
import make_epub as M  # noqa: E402


def sections_of(book):
    r = T.subprocess.run([T.LECTOR, "segment", "--json", book], capture_output=True, text=True)
    return json.loads(r.stdout)


def jumped_to(s, paragraph):
    """Waits for the trace to show reading at the start of paragraph."""
    s.wait_trace(lambda e: e.get("event") == "sentence" and e.get("paragraph") == paragraph,
                 what="paragraph %d" % paragraph)


def announced(s, text):
    s.wait_trace(lambda e: e.get("event") == "announce" and text in e.get("text", ""),
                 what="announce %r" % text)


def main():
    tmp = T.scratch_dir("book_keys")
    book = M.write(os.path.join(tmp, "alice.epub"))
    secs = sections_of(book)["sections"]
    with T.Session(tmp) as s:
        s.start(["--audio", "null", book])
        jumped_to(s, 0)
        s.keys("h")                                  # next heading: chapter 2
        jumped_to(s, secs[1]["first"])
        s.wait_for("Heading 2 of 4, level 1: Down the Rabbit-Hole")
        s.keys("h")                                  # any level: the subsection
        s.wait_for("Heading 3 of 4, level 2: A Long Hall")
        s.keys("Tab")                                # this level (2) or higher: chapter 3
        s.wait_for("Heading 4 of 4, level 1: The Pool of Tears")
        s.keys("H")                                  # back to the subsection
        s.wait_for("Heading 3 of 4, level 2: A Long Hall")
        s.keys("Home")
        s.wait_for("paragraph 1 of ")
        # The table of contents: opens on the current chapter, the cursor on its line.
        s.keys("c")
        s.wait_for("4. The Pool of Tears")
        screen = s.screen()
        T.expect("* 1. The Beginning" in screen, "the current chapter is not marked:\n" + screen)
        _, row = s.cursor()
        T.expect("The Beginning" in screen.splitlines()[row], "cursor not on the selected line")
        s.keys("Down", "Down", "Down")
        s.wait_for(lambda t: "The Pool of Tears" in t.splitlines()[s.cursor()[1]] and t)
        s.keys("Enter")
        jumped_to(s, secs[3]["first"])
        s.keys("Right")
        s.keys("w")
        announced(s, "chapter 3 of 3, The Pool of Tears, paragraph ")
        s.quit()
    with T.Session(tmp) as s:                        # resumes in the same chapter
        s.start(["--audio", "null", "--paused", book])
        s.keys("w")
        announced(s, "chapter 3 of 3, The Pool of Tears")
        s.quit()


main()
