"""The reader speaks each paragraph in its language's voice (issue 14): the German sample, read
with no flags, shows a German voice on the status line and w works; on the mixed English/French
page the status names the French voice at the quotation, w adds "in French" there (not on the
English paragraphs), and the recording of the page read in its languages differs from the same
page read all in English (--lang en)."""
import os
import sys
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402

SAMPLES = os.path.join(T.SOURCE_DIR, "samples")
GERMAN = os.path.join(SAMPLES, "german-article.txt")
MIXED = os.path.join(SAMPLES, "mixed-quotation.html")


def announce(s, n):
    """The text of the n-th announce event (1-based), waiting for it."""
    said = s.wait_trace(lambda e: e.get("event") == "announce", what="announce %d" % n)
    while len(said) < n:
        T.time.sleep(T.POLL)
        said = s.wait_trace(lambda e: e.get("event") == "announce", what="announce %d" % n)
    return said[n - 1]["text"]


def test_german_voice(tmp):
    paras = T.segment(GERMAN)
    with T.Session(tmp, width=120) as s:
        s.start(["--audio", "null", "--paused", "--restart", GERMAN])
        s.wait_for(r"Paused, paragraph 1 of %d.*voice default \(German\)" % len(paras))
        s.keys("w")
        said = announce(s, 1)
        T.expect("paragraph 1 of" in said and "percent" in said and ", in " not in said,
                 "w said %r" % said)
        s.keys("Space")
        s.wait_trace(lambda e: e.get("event") == "audio", what="German audio")
        s.wait_for(r"Playing, paragraph \d+ of %d.*voice default \(German\)" % len(paras))
        T.expect(s.quit() == 0, "q did not exit 0")


def test_mixed_page(tmp):
    paras = T.segment(MIXED)
    with T.Session(tmp, width=120) as s:
        s.start(["--audio", "null", "--paused", "--restart", MIXED])
        s.wait_for(r"Paused, paragraph 1 of %d.*voice default \(English\)" % len(paras))
        s.keys("n", "n")
        s.wait_for(r"Paused, paragraph 3 of %d.*voice default \(French\)" % len(paras))
        s.keys("w")
        said = announce(s, 1)
        T.expect("paragraph 3 of" in said and ", in French" in said,
                 "w on the French quotation said %r" % said)
        s.keys("n")
        s.wait_for(r"Paused, paragraph 4 of %d.*voice default \(English\)" % len(paras))
        s.keys("w")
        said = announce(s, 2)
        T.expect("paragraph 4 of" in said and "French" not in said,
                 "w on an English paragraph said %r" % said)
        T.expect(s.quit() == 0, "q did not exit 0")


def test_missing_voice_said(tmp):
    """A language espeak-ng has no voice for is read with the document's voice, and the panel's
    message line says so."""
    page = os.path.join(tmp, "k.html")
    with open(page, "w") as f:
        f.write('<html lang="en"><body><p>The captain raised his glass and said '
                '<q lang="tlh">Qapla</q> to the crew.</p></body></html>')
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", page])
        s.wait_for(r"no espeak-ng voice for language 'tlh': read with the document's voice")
        T.expect(s.quit() == 0, "q did not exit 0")


def recording(tmp, name, *extra):
    out = os.path.join(tmp, name)
    with T.Session(tmp) as s:
        s.start(["--audio", out, "--restart", "-s", "900", *extra, MIXED])
        s.wait_for("Finished, paragraph")
        T.expect(s.quit() == 0, "q did not exit 0")
    with wave.open(out) as w:
        return w.readframes(w.getnframes())


def test_recording_differs(tmp):
    french = recording(tmp, "languages.wav")
    english = recording(tmp, "english.wav", "--lang", "en")
    T.expect(french != english, "the page sounds the same read all in English")


if __name__ == "__main__":
    sys.exit(T.run([test_german_voice, test_mixed_page, test_missing_voice_said,
                    test_recording_differs]))
