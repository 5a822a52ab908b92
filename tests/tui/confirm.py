"""Spoken confirmations (--announce, or announce = yes in the settings file) in the real binary:
+, -, ], [ and v say the value the player reaches (an "announce" trace event), a burst of + ends
with the final speed and never a stale one, the speed stops at its limit and says so, a search
with no match and the end of the document are said, and without --announce nothing is said while
the screen still shows the end and the failed search."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402

TINY = "The first sentence is here. The second one.\n\nThe last paragraph.\n"


def status_field(s, pattern):
    m = re.search(pattern, s.status())
    T.expect(m, "no %r in the status line %r" % (pattern, s.status()))
    return int(m.group(1)) if m.group(1).isdigit() else m.group(1)


def announced(s):
    return [e["text"] for e in s.trace() if e.get("event") == "announce"]


def wait_said(s, text, what=None):
    s.wait_trace(lambda e: e.get("event") == "announce" and e.get("text") == text,
                 what=what or "an announcement %r (said: %s)" % (text, announced(s)))


def write_config(tmp, text):
    d = os.path.join(tmp, "config", "lector")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config"), "w") as f:
        f.write(text)


def write_test_voice(tmp):
    # A second profile with its own speed and volume, so that v has somewhere to go and the speed
    # after it is the profile's.
    d = os.path.join(tmp, "config", "lector", "voices")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "zz-test.ini"), "w") as f:
        f.write("[voice]\ndescription = test\nespeak = en-us\nspeed = 160\nvolume = 90\n")


def tiny_doc(tmp):
    path = os.path.join(tmp, "tiny.txt")
    with open(path, "w") as f:
        f.write(TINY)
    return path


def test_speed_volume_voice(tmp):
    write_test_voice(tmp)
    with T.Session(tmp) as s:
        s.start(["--announce", "--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        wpm = status_field(s, r"(\d+) wpm")
        volume = status_field(s, r"volume (\d+)")
        voice = status_field(s, r"voice (\S+)")
        s.keys("+")
        wait_said(s, "faster, %d words a minute" % (wpm + 25))
        s.wait_for(lambda t: status_field(s, r"(\d+) wpm") == wpm + 25)
        s.keys("-")
        wait_said(s, "slower, %d words a minute" % wpm)
        s.keys("]")
        wait_said(s, "volume %d percent" % (volume + 10))
        s.wait_for(lambda t: status_field(s, r"volume (\d+)") == volume + 10)
        s.keys("[")
        wait_said(s, "volume %d percent" % volume)
        s.keys("v")
        s.wait_for(lambda t: re.search(r"voice (\S+)", s.status()) and
                   re.search(r"voice (\S+)", s.status()).group(1) != voice)
        new_voice = status_field(s, r"voice (\S+)")
        wait_said(s, "voice %s" % new_voice)
        # The speed now counts from the new profile's, as the player does.
        new_wpm = status_field(s, r"(\d+) wpm")
        s.keys("-")
        wait_said(s, "slower, %d words a minute" % (new_wpm - 25))
        s.wait_for(lambda t: status_field(s, r"(\d+) wpm") == new_wpm - 25)
        T.expect(s.quit() == 0, "q did not exit 0")
        said = announced(s)
        T.expect(len(said) == 6, "one announcement a key, nothing else: %s" % said)


def test_burst_and_limit(tmp):
    with T.Session(tmp) as s:
        s.start(["--announce", "--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        wpm = status_field(s, r"(\d+) wpm")
        # Three presses at once: whatever the status showed in between, each announcement counts
        # on from the one before, and the last says the speed reached.
        s.keys("+", "+", "+")
        s.wait_for(lambda t: status_field(s, r"(\d+) wpm") == wpm + 75)
        wait_said(s, "faster, %d words a minute" % (wpm + 75))
        said = [int(re.match(r"faster, (\d+) words", t).group(1)) for t in announced(s)]
        T.expect(said and said[-1] == wpm + 75 and said == sorted(set(said)) and
                 set(said) <= {wpm + 25, wpm + 50, wpm + 75},
                 "a burst of + said %s, from %d wpm" % (said, wpm))
        # Far beyond the limit: the player stops at 900, and so does what is said. The step is
        # 25 up to 450 and 50 from there (9 presses from 450 to 900).
        presses = (450 - (wpm + 75)) // 25 + 9 + 3
        s.keys(*["+"] * presses)
        s.wait_for(lambda t: status_field(s, r"(\d+) wpm") == 900)
        wait_said(s, "fastest, 900 words a minute")
        T.expect(announced(s)[-1] == "fastest, 900 words a minute",
                 "the last announcement is %r" % announced(s)[-1])
        T.expect(all(int(re.search(r"(\d+) words", t).group(1)) <= 900 for t in announced(s)),
                 "a speed beyond the limit was said: %s" % announced(s))
        T.expect(s.quit() == 0, "q did not exit 0")


def test_no_match(tmp):
    with T.Session(tmp) as s:
        s.start(["--announce", "--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        s.keys("/")
        s.type("zqxj nowhere")
        s.keys("Enter")
        s.wait_for("No match for zqxj nowhere")
        wait_said(s, "no match for zqxj nowhere")
        s.wait_for("Paused, paragraph 1 of")
        T.expect(s.quit() == 0, "q did not exit 0")


def test_end(tmp):
    doc = tiny_doc(tmp)
    with T.Session(tmp) as s:
        s.start(["--announce", "--audio", "null", "--paused", "-s", "400", doc])
        s.wait_for("Paused, paragraph 1 of 2")
        s.keys("End")
        s.wait_for("Paused, paragraph 2 of 2")
        s.keys("Space")
        s.wait_for(lambda t: "Finished, paragraph 2 of 2" in t and "End of the article" in t)
        wait_said(s, "end of the article")
        events = [e["event"] for e in s.trace() if e.get("event") in ("audio", "announce")]
        T.expect(events[-1] == "announce", "the end was said before the reading ended: %s" %
                 events)
        T.expect(s.quit() == 0, "q did not exit 0")


def test_silent_without_announce(tmp):
    write_test_voice(tmp)
    doc = tiny_doc(tmp)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "-s", "400", doc])
        s.wait_for("Paused, paragraph 1 of 2")
        voice = status_field(s, r"voice (\S+)")
        s.keys("+")
        s.wait_for(lambda t: ", 425 wpm" in s.status())
        s.keys("]", "v")
        s.wait_for(lambda t: status_field(s, r"voice (\S+)") != voice)
        s.keys("/")
        s.type("zqxj")
        s.keys("Enter")
        s.wait_for("No match for zqxj")
        s.keys("End")
        s.wait_for("Paused, paragraph 2 of 2")
        s.keys("Space")
        # The screen says it either way; nothing is spoken.
        s.wait_for(lambda t: "Finished, paragraph 2 of 2" in t and "End of the article" in t)
        T.expect(s.quit() == 0, "q did not exit 0")
        T.expect(announced(s) == [], "said without --announce: %s" % announced(s))


def test_settings_file(tmp):
    write_config(tmp, "[reader]\nannounce = yes\n")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        volume = status_field(s, r"volume (\d+)")
        s.keys("[")
        wait_said(s, "volume %d percent" % (volume - 10))
        T.expect(s.quit() == 0, "q did not exit 0")
    # announce = no leaves it off.
    write_config(tmp, "[reader]\nannounce = no\n")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        s.keys("[")
        s.wait_for(lambda t: status_field(s, r"volume (\d+)") == volume - 10)
        s.keys("w")   # asked for: said either way, and after the volume had its chance
        s.wait_trace(lambda e: e.get("event") == "announce", what="the w announcement")
        T.expect(s.quit() == 0, "q did not exit 0")
        T.expect(all(t.startswith("paragraph") for t in announced(s)),
                 "announce = no still confirmed: %s" % announced(s))


if __name__ == "__main__":
    sys.exit(T.run([test_speed_volume_voice, test_burst_and_limit, test_no_match, test_end,
                    test_silent_without_announce, test_settings_file]))
