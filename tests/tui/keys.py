"""Every key of the key table, in the real binary under tmux, checked on the screen and in the
trace: navigation, speed, volume, voice, search, help, play/pause, the spoken keys, quit."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402


def position(s, paras, g, state="Paused"):
    """Waits for the status of global sentence g; returns the screen."""
    flat = T.sentence_list(paras)
    p, i, _ = flat[g]
    want = "%s, paragraph %d of %d, sentence %d of %d," % (state, p + 1, len(paras), i + 1,
                                                            len(paras[p]))
    return s.wait_for(lambda t: want in t and t)


def status_field(s, pattern):
    m = re.search(pattern, s.status())
    T.expect(m, "no %r in the status line %r" % (pattern, s.status()))
    return int(m.group(1)) if m.group(1).isdigit() else m.group(1)


def first_of(paras, p):
    return sum(len(x) for x in paras[:p])


def write_test_voice(tmp):
    # A second profile, so that v has somewhere to go.
    d = os.path.join(tmp, "config", "lector", "voices")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "zz-test.ini"), "w") as f:
        f.write("[voice]\ndescription = test\nespeak = en-us\nspeed = 160\n")


def test_navigation(tmp):
    paras = T.segment(T.SAMPLE)
    n = len(paras)
    last = first_of(paras, n - 1)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        position(s, paras, 0)
        steps = [("n", first_of(paras, 1)), ("Down", first_of(paras, 2)),
                 ("p", first_of(paras, 1)), ("Up", 0),
                 ("Right", 1), ("Right", 2), ("Left", 1),
                 ("End", last), ("Home", 0), ("G", last), ("g", 0)]
        for key, g in steps:
            s.keys(key)
            position(s, paras, g)
            # The view follows: the sentence named by the status is on screen, highlighted.
            T.expect(T.normalise(s.highlighted(7)) == T.normalise(T.sentence_list(paras)[g][2]),
                     "after %s the highlight is %r" % (key, s.highlighted(7)))
        # The highlighted sentence is the one the status names, and the cursor is on it.
        flat = T.sentence_list(paras)
        s.keys("Right")
        screen = position(s, paras, 1)
        T.expect(T.normalise(s.highlighted(7)) == T.normalise(flat[1][2]),
                 "highlight %r is not sentence 2 %r" % (s.highlighted(7), flat[1][2]))
        x, y = s.cursor()
        line = screen.split("\n")[y]
        T.expect(line[x:].startswith(flat[1][2].split()[0]),
                 "cursor at %d,%d is not on the sentence: %r" % (x, y, line))
        T.expect(s.quit() == 0, "q did not exit 0")
        keys = [e["key"] for e in s.trace() if e.get("event") == "key"]
        T.expect(keys == ["n", "KEY_DOWN", "p", "KEY_UP", "KEY_RIGHT", "KEY_RIGHT", "KEY_LEFT",
                          "KEY_END", "KEY_HOME", "G", "g", "KEY_RIGHT", "q"],
                 "keys traced: %s" % keys)


def test_settings_keys(tmp):
    write_test_voice(tmp)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        wpm = status_field(s, r"(\d+) wpm")
        volume = status_field(s, r"volume (\d+)")
        voice = status_field(s, r"voice (\S+)")
        for key, pattern, want in (("+", r"(\d+) wpm", wpm + 25), ("-", r"(\d+) wpm", wpm),
                                   ("=", r"(\d+) wpm", wpm + 25), ("-", r"(\d+) wpm", wpm),
                                   ("]", r"volume (\d+)", volume + 10),
                                   ("[", r"volume (\d+)", volume)):
            s.keys(key)
            s.wait_for(lambda t: re.search(pattern, s.status()) and
                       int(re.search(pattern, s.status()).group(1)) == want)
        s.keys("v")
        s.wait_for(lambda t: re.search(r"voice (\S+)", s.status()) and
                   re.search(r"voice (\S+)", s.status()).group(1) != voice)
        # P cycles the punctuation level from the default, some, and shows and says the new one.
        for level in ("most", "all", "none", "some"):
            s.keys("P")
            s.wait_for(re.escape("punctuation " + level))
        T.expect(s.quit() == 0, "q did not exit 0")
        # Only P speaks without --announce: the level is not heard otherwise.
        said = [e["text"] for e in s.trace() if e.get("event") == "announce"]
        T.expect(said == ["punctuation " + level for level in ("most", "all", "none", "some")],
                 "spoken without --announce: %s" % said)


def test_search(tmp):
    paras = T.segment(T.SAMPLE)
    n = len(paras)
    # Words of the first sentence of a paragraph far down, typed in the wrong case.
    target = min(6, n - 1)
    words = " ".join(paras[target][0].split()[:3])
    expected = T.search(paras, 0, words)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        s.keys("/")
        s.wait_for(r"(?m)^Search:\s*$")
        s.type(words.upper())
        s.wait_for(re.escape("Search: " + words.upper()))
        s.keys("Enter")
        position(s, paras, expected)
        s.wait_for("Found")
        # / then Enter alone: the next match of the last search, twice in quick succession
        # (the second before the status has caught up with the first).
        s.keys("/")
        s.type("children")
        s.keys("Enter")
        first = T.search(paras, expected, "children")
        position(s, paras, first)
        second = T.search(paras, first, "children")
        third = T.search(paras, second, "children")
        T.expect(len({expected, first, second, third}) == 4, "the sample has too few matches")
        s.keys("/", "Enter", "/", "Enter")
        position(s, paras, third)
        expected = third
        # No match says so and goes nowhere (and, without --announce, says nothing aloud).
        s.keys("/")
        s.type("zqxj no such words")
        s.keys("Enter")
        s.wait_for("No match for zqxj no such words")
        position(s, paras, expected)
        # Escape leaves the prompt without searching.
        s.keys("/")
        s.type("the")
        s.wait_for("Search: the")
        s.keys("Escape")
        s.wait_for(lambda t: "Search:" not in t)
        position(s, paras, expected)
        T.expect(s.quit() == 0, "q did not exit 0")
        said = [e for e in s.trace() if e.get("event") == "announce"]
        T.expect(not said, "no match spoken without --announce: %s" % said)


def test_help_and_play(tmp):
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        s.keys("?")
        screen = s.wait_settled("press any key to close")
        for needle in ("Space", "play / pause", "Down, n", "next paragraph", "Up, p", "Right",
                       "Left", "Home, g", "End, G", "faster", "slower", "volume up",
                       "volume down", "next voice profile", "search", "quit"):
            T.expect(needle in screen, "help lacks %r:\n%s" % (needle, screen))
        # Any key closes it, and does nothing else.
        s.keys("q")
        s.wait_for(lambda t: "press any key" not in t)
        s.wait_for("Paused, paragraph 1 of")
        s.keys("Space")
        s.wait_for("Playing, paragraph 1 of")
        s.wait_trace(lambda e: e.get("event") == "audio", what="audio while playing")

        # While playing, the word being heard is underlined and the cursor sits on it (for
        # screen readers and magnifiers). The word moves on, so retry until one capture agrees.
        def cursor_on_word(_):
            word = s.highlighted(4)
            x, y = s.cursor()
            lines = s.screen().split("\n")
            return word and y < len(lines) and lines[y][x:].startswith(word.split()[0])
        s.wait_for(cursor_on_word)
        s.keys("Space")
        s.wait_for("Paused, paragraph 1 of")
        states = [e["state"] for e in s.trace() if e.get("event") == "state"]
        T.expect(states[-2:] == ["playing", "paused"], "states traced: %s" % states)
        T.expect(s.quit() == 0, "q did not exit 0")
        keys = [e["key"] for e in s.trace() if e.get("event") == "key"]
        T.expect(keys == ["?", "q", "SPACE", "SPACE", "q"], "keys traced: %s" % keys)


def help_entries(screen, header):
    """{keys: description} of a help overlay page, checking that the descriptions (and their
    wrapped continuations) all start in one column."""
    lines = screen.split("\n")
    top = next(i for i, line in enumerate(lines) if line.startswith(header))
    body = []
    for line in lines[top + 1:]:
        if re.search(r"(Playing|Paused|Finished)", line) or not line.strip():
            break
        body.append(line.rstrip())
    T.expect(body, "an empty help page:\n" + screen)
    m = re.match(r"^( *\S.*?)  +", body[0])   # keys, then at least two spaces
    column = m.end()
    entries, last = {}, None
    for line in body:
        keys, text = line[:column].strip(), line[column:]
        T.expect(line[column - 1] == " " and text and text[0] != " ",
                 "help line %r is not aligned at column %d:\n%s" % (line, column, screen))
        if keys:
            last = keys
            entries[keys] = text
        else:
            T.expect(last, "a continuation with nothing before it:\n" + screen)
            entries[last] += " " + text
    return entries


def test_help_small_terminal(tmp):
    with T.Session(tmp, width=100, height=60) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        s.keys("?")
        # every row of the command table (src/ui/commands.c), however many there are now
        with open(os.path.join(T.SOURCE_DIR, "src", "ui", "commands.c")) as f:
            n_commands = len(re.findall(r"(?m)^  \[UI_\w+\] = \{", f.read()))
        full = help_entries(s.wait_settled("press any key to close"), "Keys")
        T.expect(n_commands >= 19 and len(full) == n_commands and full["Space"] == "play / pause (play-pause)",
                 "help: %s" % full)
        s.keys("Escape")
        s.wait_for(lambda t: "press any key" not in t)
        # A large font: 40 columns by 14 rows. The help comes in pages, aligned and wrapped, and
        # together they hold every key; Space turns the pages and closes the last one.
        s.resize(40, 14)
        s.wait_for("Paused p1/")
        s.keys("?")
        seen, page = {}, 1
        while True:
            screen = s.wait_settled(r"Keys, page %d of (\d+)" % page)
            pages = int(re.search(r"Keys, page %d of (\d+)" % page, screen).group(1))
            T.expect(pages > 1, "the help claims to fit in 14 rows:\n" + screen)
            seen.update(help_entries(screen, "Keys, page"))
            if page == pages:
                break
            s.keys("Space")
            page += 1
        T.expect(seen == full, "the pages hold %s,\nnot %s" % (seen, full))
        s.keys("Up")
        s.wait_for("Keys, page %d of" % (pages - 1))
        s.keys("Down")
        s.wait_for("Keys, page %d of" % pages)
        s.keys("Space")
        s.wait_for(lambda t: "Keys" not in t)
        s.wait_for("Paused p1/")
        T.expect(s.quit() == 0, "q did not exit 0")
        states = [e["state"] for e in s.trace() if e.get("event") == "state"]
        T.expect(states == ["paused"], "Space in the help also played: %s" % states)


def test_spoken_keys(tmp):
    paras = T.segment(T.SAMPLE)
    n = len(paras)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        s.keys("n")
        s.wait_for("paragraph 2 of")
        s.keys("w")
        said = s.wait_trace(lambda e: e.get("event") == "announce", what="an announcement")
        T.expect(said[0]["text"].startswith("paragraph 2 of %d, sentence 1 of %d" %
                                            (n, len(paras[1]))), "w said %r" % said[0]["text"])
        s.keys("t")
        said = s.wait_trace(lambda e: e.get("event") == "announce" and e["text"] != said[0]["text"],
                            what="a second announcement")
        title = s.screen().split("\n")[0].strip()
        T.expect(said[0]["text"] == title, "t said %r, the title is %r" % (said[0]["text"], title))
        s.keys("s")
        spelt = s.wait_trace(lambda e: e.get("event") == "announce" and
                             re.fullmatch(r"(\w, )*\w", e.get("text", "")),
                             what="a spelt word")
        first_word = re.sub(r"\W", "", paras[1][0].split()[0]).upper()
        T.expect(spelt[0]["text"].replace(", ", "") == first_word,
                 "s spelt %r, not %r" % (spelt[0]["text"], first_word))
        # r replays the sentence: a new sentence event for the same sentence while playing.
        s.keys("Space")
        s.wait_trace(lambda e: e.get("event") == "audio" and e.get("paragraph") == 1,
                     what="audio of paragraph 2")
        before = len([e for e in s.trace() if e.get("event") == "sentence"])
        s.keys("r")
        s.wait_trace(lambda e: e.get("event") == "key" and e.get("key") == "r", what="key r")
        s.wait_for(lambda t: len([e for e in s.trace() if e.get("event") == "sentence" and
                                  e.get("paragraph") == 1 and e.get("sentence") == 0]) >= 2)
        T.expect(len([e for e in s.trace() if e.get("event") == "sentence"]) > before, "no replay")
        T.expect(s.quit() == 0, "q did not exit 0")


if __name__ == "__main__":
    sys.exit(T.run([test_navigation, test_settings_keys, test_search, test_help_and_play,
                    test_help_small_terminal, test_spoken_keys]))
