"""What the panel draws: resizing down to 20x6 and back, highlighting without colour (NO_COLOR),
wide characters and combining marks, and control characters in the text shown as placeholders
without ever reaching the terminal (the screen and the window title stay intact)."""
import os
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402

def columns(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in line)


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def test_resize(tmp):
    n = len(T.segment(T.SAMPLE))
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of %d," % n)
        s.keys("n")
        s.wait_for("Paused, paragraph 2 of %d," % n)
        s.resize(20, 6)

        def small(t):
            lines = t.rstrip("\n").split("\n")
            return (len(lines) <= 6 and all(columns(l) <= 20 for l in lines)
                    and any(l.startswith("Paused p2/%d s1/" % n) for l in lines) and t)
        s.wait_for(small)
        # The current sentence is still in view and highlighted.
        sentence = T.normalise(T.segment(T.SAMPLE)[1][0])
        lit = T.normalise(s.highlighted(7))
        T.expect(lit and sentence.startswith(lit[:15]), "highlight %r lost at 20x6" % lit)
        # Keys still work at that size, and at an absurd one.
        s.keys("n")
        s.wait_for(r"(?m)^Paused p3/%d" % n)
        s.resize(8, 2)
        s.wait_for(lambda t: all(columns(l) <= 8 for l in t.split("\n")) and "Paused" in t)
        s.keys("n")
        s.resize(100, 30)
        s.wait_for("Paused, paragraph 4 of %d, sentence 1 of" % n)
        T.expect(s.quit() == 0, "q did not exit 0 after resizing")


def test_no_color(tmp):
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        screen = s.screen(escapes=True)
        T.expect(s.highlighted(7), "no reverse video with colours on")
        T.expect(T.colours_used(screen), "no colour at all on a colour terminal")
        T.expect(s.quit() == 0, "q did not exit 0")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--restart", T.SAMPLE], env={"NO_COLOR": "1"})
        s.wait_for("Paused, paragraph 1 of")
        screen = s.screen(escapes=True)
        first = T.normalise(T.segment(T.SAMPLE)[0][0])
        T.expect(T.normalise(s.highlighted(7)) == first,
                 "NO_COLOR: highlight %r is not %r" % (s.highlighted(7), first))
        T.expect(not T.colours_used(screen), "NO_COLOR: colours %s used" % T.colours_used(screen))
        T.expect(s.quit() == 0, "q did not exit 0")


def test_wide_characters(tmp):
    text = ("中文字符测试，这是一个很长的句子需要换行显示在窄的终端上。 Second sentence.\n\n"
            "Cafe\u0301 cre\u0300me bru\u0302le\u0301e is sweet. The end.\n")
    path = write(tmp, "wide.txt", text)
    with T.Session(tmp, width=30, height=12) as s:
        s.start(["--audio", "null", "--paused", path])
        # 30 columns: the status line is in its short form.
        screen = s.wait_for(lambda t: "Paused p1/2 s1/" in t and t)
        nfc = unicodedata.normalize("NFC", screen)
        T.expect("中文字符测试" in nfc, "CJK text not shown:\n" + screen)
        T.expect(all(columns(l) <= 30 for l in screen.split("\n")), "a line overflows:\n" + screen)
        s.keys("n")
        screen = s.wait_for(lambda t: "Paused p2/2 s1/" in t and t)
        nfc = unicodedata.normalize("NFC", screen)
        T.expect("Café crème brûlée" in nfc, "combining marks not shown:\n" + screen)
        # The cursor sits on the current sentence's first word.
        x, y = s.cursor()
        line = screen.split("\n")[y]
        T.expect(unicodedata.normalize("NFC", line).find("Café") == x,
                 "cursor at %d,%d, line %r" % (x, y, line))
        T.expect(s.quit() == 0, "q did not exit 0")


def test_control_characters(tmp):
    # Escape sequences (window title, clear screen, colour) and a C1 CSI, in enough prose that
    # the loader takes it as text. Whatever the loader keeps, the panel must not send.
    filler = "This sentence is only here to make the paragraph longer. " * 6
    text = ("Title \x1b]0;HACKED\x1b\\ attack. Clear \x1b[2J\x1b[31mred screen. C1 \u009b2J "
            "here. " + filler + "\n\nSecond paragraph.\n")
    path = write(tmp, "ctrl.txt", text)
    segmented = "\n".join(sum(T.segment(path), []))
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", path])
        s.wait_for("Paused, paragraph 1 of 2")
        before = s.title()
        T.expect("HACKED" not in before, "window title changed: %r" % before)
        screen = s.screen()
        T.expect("Second paragraph." in screen, "screen cleared by the text:\n" + screen)
        if "\x1b" in segmented:
            T.expect("^[]0;HACKED" in screen and "^[[2J" in screen,
                     "escape sequences not shown as placeholders:\n" + screen)
        if "\u009b" in segmented:
            T.expect("\u009b" not in screen and "C1 \ufffd2J" in screen,
                     "C1 CSI not replaced:\n" + screen)
        if "\x1b" not in segmented and "\u009b" not in segmented:
            # The loader removed the escape sequences whole (README, Input; the panel's own
            # placeholders are covered by unit_layout): the words around them are shown, the
            # window title they carried is not.
            T.expect("attack." in screen and "screen." in screen and "HACKED" not in screen,
                     "the text around the escape sequences is missing:\n" + screen)
        T.expect("31" not in T.colours_used(s.screen(escapes=True)), "the text set a colour")
        s.keys("n")
        s.wait_for("Paused, paragraph 2 of 2")
        T.expect(s.title() == before, "window title changed to %r" % s.title())
        T.expect(s.quit() == 0, "q did not exit 0")


if __name__ == "__main__":
    sys.exit(T.run([test_resize, test_no_color, test_wide_characters, test_control_characters]))
