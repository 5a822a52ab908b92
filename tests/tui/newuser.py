"""What a new user runs into in the reader (issue 20): messages wrapped whole at 80x24, the
title shown once, the resume position said and printed, rebinding keys (names in ?, a note on a
conflict, a hint for a key rebound away), the help at 20x6, the time in the status line, plain
mode naming headings, max-width."""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402

MD = ("# A Short Guide\n\nThe first paragraph is here. It has two sentences.\n\n"
      "> A quoted line.\n\n- An item of a list.\n\nThe last paragraph.\n")


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def joined(screen):
    return T.normalise(" ".join(l.strip() for l in screen.split("\n")))


def test_messages_whole_at_80x24(tmp):
    """The no-sound notice and a long error (the state directory is not a directory) are both on
    the screen whole: wrapped at spaces, never cut mid-word. The title is shown once."""
    doc = write(tmp, "guide.md", MD)
    # A short path, so that no single word of the message is wider than the screen.
    short = tempfile.mkdtemp(prefix="ln", dir="/tmp")
    try:
        blocker = os.path.join(short, "f")
        write(short, "f", "not a directory\n")
        with T.Session(tmp, width=80, height=24) as s:
            s.start(["--audio", "auto", doc], env={"XDG_STATE_HOME": blocker})
            want = re.compile(r"Ignored the saved position \(%s/\S+\.json: Not a directory\); "
                              r"starting from the top\." % re.escape(blocker))
            screen = s.wait_for(lambda t: want.search(joined(t)) and t)
            if re.search(r"[Nn]o sound device", screen):
                T.expect("Use 'lector export' to make an audio file." in joined(screen),
                         "the notice is cut:\n" + screen)
            T.expect(screen.count("A Short Guide") == 1, "the title is shown twice:\n" + screen)
            T.expect(s.quit() == 0, "q did not exit 0")
    finally:
        os.unlink(os.path.join(short, "f"))
        os.rmdir(short)


def test_resume_said_and_printed(tmp):
    paras = T.segment(T.SAMPLE)
    n = len(paras)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--restart", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of %d" % n)
        s.keys("n", "n", "n")
        s.wait_for("Paused, paragraph 4 of %d" % n)
        T.expect(s.quit() == 0, "q did not exit 0")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--announce", T.SAMPLE])
        said = s.wait_trace(lambda e: e.get("event") == "announce", what="announce")
        T.expect(re.match(r"Resumed at paragraph 4 of %d, \d+ percent" % n, said[0]["text"]),
                 "said %r" % said[0]["text"])
        T.expect(s.quit() == 0, "q did not exit 0")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--plain", T.SAMPLE])
        s.wait_for(r"(?m)^\[Resumed at paragraph 4 of %d, \d+ percent\]$" % n)
        T.expect(s.quit() == 0, "q did not exit 0")


def test_rebinding(tmp):
    """A key taken from another command is noted on screen; q after quit = x hints where quit
    went; ? shows the command names the [keys] section needs."""
    os.makedirs(os.path.join(tmp, "config", "lector"), exist_ok=True)
    write(os.path.join(tmp, "config", "lector"), "config",
          "[keys]\nplay-pause = n, Space\nquit = x, Ctrl-Q\nhelp = ?, F1\nprevious-paragraph = PgUp\n")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--restart", T.SAMPLE])
        s.wait_for("n was next-paragraph; now play-pause")
        s.keys("q")
        s.wait_for(r"q is not bound now: quit is x, \^Q")
        s.keys("F1")
        s.wait_for(r"\(play-pause\)")
        screen = s.screen()
        T.expect("(next-paragraph)" in screen and "(quit)" in screen,
                 "? does not name the commands:\n" + screen)
        s.keys("Escape")
        s.wait_for(lambda t: "(play-pause)" not in t)
        s.keys("x")
        T.expect(s.exit_status() == 0, "x did not quit")


def test_help_at_20x6(tmp):
    with T.Session(tmp, width=20, height=6) as s:
        s.start(["--audio", "null", "--paused", "--restart", T.SAMPLE])
        s.wait_for(r"Paused")
        s.keys("?")
        screen = s.wait_settled(r"Keys, page 1 of (\d+)")
        m = re.search(r"Keys, page 1 of (\d+)", screen)
        # Every row holds keys: fewer pages than commands (it took 41 pages of one line each for
        # 23 commands when it shared the screen).
        with open(os.path.join(T.SOURCE_DIR, "src", "ui", "commands.c")) as f:
            n_commands = len(re.findall(r"(?m)^  \[UI_\w+\] = \{", f.read()))
        T.expect(int(m.group(1)) < n_commands,
                 "the help takes %s pages at 20x6 for %d commands" % (m.group(1), n_commands))
        T.expect(len([l for l in screen.split("\n") if l.strip()]) >= 5,
                 "a page of the help holds less than the screen:\n" + screen)
        s.keys("Escape")
        s.wait_for(lambda t: "Keys" not in t)
        s.keys("q")
        T.expect(s.exit_status() == 0, "q did not exit 0")


def test_time_in_status(tmp):
    """Position, length and time left at the current speed; faster makes the length shorter;
    w says the time left."""
    with T.Session(tmp, width=160) as s:
        s.start(["--audio", "null", "--paused", "--restart", "-s", "100", T.SAMPLE])
        m = s.wait_for(r"Paused, .*(\d+):(\d\d) of (\d+):(\d\d), (\d+):(\d\d) left")
        total = int(m.group(3)) * 60 + int(m.group(4))
        T.expect(m.group(1, 2) == ("0", "00") and total > 0, "status: " + m.group(0))
        T.expect(int(m.group(5)) * 60 + int(m.group(6)) == total, "left != length at 0:00")
        s.keys("+", "+", "+", "+")
        m = s.wait_for(r"0:00 of (\d+):(\d\d), .*200 wpm")
        T.expect(int(m.group(1)) * 60 + int(m.group(2)) < total, "faster did not shorten")
        s.keys("G")
        s.wait_for(r"Paused, paragraph (\d+) of \1")
        s.keys("w")
        said = s.wait_trace(lambda e: e.get("event") == "announce", what="w")
        T.expect(said[-1]["text"].endswith(" left"), "w said %r" % said[-1]["text"])
        T.expect(s.quit() == 0, "q did not exit 0")


def test_max_width_centred(tmp):
    doc = write(tmp, "long.txt", ("word " * 200).strip() + ".\n")
    os.makedirs(os.path.join(tmp, "config", "lector"), exist_ok=True)
    write(os.path.join(tmp, "config", "lector"), "config", "[reader]\nmax-width = 40\n")
    with T.Session(tmp, width=100, height=30) as s:
        s.start(["--audio", "null", "--paused", "--restart", doc])
        screen = s.wait_for(lambda t: "word word" in t and t)
        lines = [l for l in screen.split("\n") if "word" in l]
        T.expect(lines and all(l.startswith(" " * 30) and len(l.rstrip()) <= 70 for l in lines),
                 "the text is not 40 columns, centred:\n" + screen)
        T.expect(s.quit() == 0, "q did not exit 0")


def test_plain_names_kinds(tmp):
    doc = write(tmp, "guide.md", MD)
    with T.Session(tmp) as s:
        s.start(["--plain", "--audio", "null", "--speed", "450", "--restart", doc])
        screen = s.wait_for(lambda t: "[Finished]" in t and t)
        lines = [l.rstrip() for l in screen.split("\n")]
        for kind, text in (("[heading]", "A Short Guide"), ("[quote]", "A quoted line."),
                           ("[list item]", "An item of a list.")):
            T.expect(kind in lines and lines.index(kind) + 1 < len(lines) and
                     lines[lines.index(kind) + 1] == text,
                     "%s not before %r:\n%s" % (kind, text, screen))
        T.expect(s.quit() == 0, "q did not exit 0")


def test_speed_per_document(tmp):
    """The speed is remembered with the position; -s on the command line wins over it."""
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--restart", "-s", "200", T.SAMPLE])
        s.wait_for(r"Paused, .*200 wpm")
        s.keys("+", "+")
        s.wait_for(r"250 wpm")
        T.expect(s.quit() == 0, "q did not exit 0")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for(r"Paused, .*250 wpm")
        T.expect(s.quit() == 0, "q did not exit 0")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "-s", "300", T.SAMPLE])
        s.wait_for(r"Paused, .*300 wpm")
        T.expect(s.quit() == 0, "q did not exit 0")


if __name__ == "__main__":
    T.require_tools()
    sys.exit(T.run([test_messages_whole_at_80x24, test_resume_said_and_printed, test_rebinding,
                    test_help_at_20x6, test_time_in_status, test_max_width_centred,
                    test_plain_names_kinds, test_speed_per_document]))
