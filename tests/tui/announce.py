"""The w key ("where am I") in the real binary: an announce event in the trace, between the
audio of the sentence being read and the next one, and the announcement's audio in the recording
(--audio out.wav), which comes out longer than the same reading without it."""
import os
import sys
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402

TEXT = "The first sentence is here. The second sentence follows it.\n\nThe end.\n"


def frames(path):
    with wave.open(path) as w:
        return w.getnframes()


def read_through(tmp, name, press_w):
    doc = os.path.join(tmp, "doc.txt")
    with open(doc, "w") as f:
        f.write(TEXT)
    out = os.path.join(tmp, name)
    with T.Session(tmp) as s:
        s.start(["--audio", out, "--restart", "-s", "400", doc])
        if press_w:
            s.wait_trace(lambda e: e.get("event") == "audio", what="first audio")
            s.keys("w")
            said = s.wait_trace(lambda e: e.get("event") == "announce", what="announce")
            T.expect(said[0]["text"].startswith("paragraph 1 of 2, sentence 1 of 2"),
                     "w said %r" % said[0]["text"])
        s.wait_for("Finished, paragraph 2 of 2")
        T.expect(s.quit() == 0, "q did not exit 0")
        return s.trace(), frames(out)


def test_where_am_i(tmp):
    _, plain_frames = read_through(tmp, "plain.wav", False)
    trace, said_frames = read_through(tmp, "said.wav", True)
    T.expect(said_frames > plain_frames,
             "the recording with the announcement (%d frames) is not longer than without it "
             "(%d)" % (said_frames, plain_frames))
    events = [e for e in trace if e.get("event") in ("audio", "announce")]
    i = next(k for k, e in enumerate(events) if e["event"] == "announce")
    T.expect(i > 0 and events[i - 1]["event"] == "audio", "no audio before the announcement")
    after = [e for e in events[i + 1:] if e["event"] == "audio"]
    T.expect(after, "reading did not go on after the announcement: %s" % events)


def test_where_after_moves(tmp):
    """w pressed together with the keys that move (one burst of input, as a quick typist or a
    pasted sequence gives) names where those keys lead, not where reading was."""
    paras = T.segment(T.SAMPLE)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--restart", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of %d" % len(paras))
        s.keys("n", "n", "n", "w")
        said = s.wait_trace(lambda e: e.get("event") == "announce", what="announce")
        T.expect(said[0]["text"].startswith("paragraph 4 of %d, sentence 1 of %d" %
                                            (len(paras), len(paras[3]))),
                 "w said %r" % said[0]["text"])
        T.expect(s.quit() == 0, "q did not exit 0")


def test_speed_after_refused_voice(tmp):
    """v leads to a profile espeak-ng refuses: the voice in use stays, at its speed, and the
    next + announces a speed from that, not from the refused profile's."""
    voices = os.path.join(tmp, "config", "lector", "voices")
    os.makedirs(voices)
    with open(os.path.join(voices, "zz-broken.ini"), "w") as f:   # after us, in name order
        f.write("[voice]\ndescription = Refused\nespeak = zz-no-such-voice\nspeed = 300\n")
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--announce", "-v", "us", "-s", "200", T.SAMPLE])
        s.wait_for(r"Paused, paragraph 1 of \d+.*200 wpm.*voice us")
        s.keys("v")
        s.keys("w")   # w waits for the player to handle v: then + starts from the truth
        s.wait_trace(lambda e: e.get("event") == "announce", what="the w announcement")
        s.keys("+")
        said = s.wait_trace(lambda e: e.get("event") == "announce" and "words a minute" in
                            e.get("text", ""), what="the speed announcement")
        T.expect(said[0]["text"] == "faster, 225 words a minute",
                 "+ after a refused voice said %r" % said[0]["text"])
        s.wait_for(r"225 wpm.*voice us")
        T.expect(s.quit() == 0, "q did not exit 0")


if __name__ == "__main__":
    sys.exit(T.run([test_where_am_i, test_where_after_moves, test_speed_after_refused_voice]))
