"""The acceptance scenario of the reader, as a new user meets it on a machine without sound:
the article is shown with the silent-reading notice, Playing, paragraph 1 of N; Down three times
reaches paragraph 4 with its first sentence highlighted; Space pauses; q exits with status 0;
opening the article again resumes at paragraph 4 and says so. No ALSA message ever shows."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402

NOISE = re.compile(r"ALSA|snd_|alsa-lib|pcm_|PulseAudio|jack|pa_context", re.I)


def no_noise(screen):
    T.expect(not NOISE.search(screen), "library noise on the screen:\n" + screen)


def test_acceptance(tmp):
    paras = T.segment(T.SAMPLE)
    n = len(paras)
    T.expect(n >= 4, "the sample has fewer than 4 paragraphs")
    with T.Session(tmp) as s:
        s.start(["--audio", "auto", T.SAMPLE])
        screen = s.wait_for(lambda t: "Playing, paragraph 1 of %d," % n in t and t)
        T.expect(re.search(r"[Nn]o sound device", screen), "no silent-reading notice:\n" + screen)
        T.expect("lector export" in screen, "the notice does not point at lector export")
        # The article itself is on the screen: the first words of its first paragraph.
        first_words = " ".join(paras[0][0].split()[:4])
        T.expect(first_words in screen, "article not shown (%r):\n%s" % (first_words, screen))
        no_noise(screen)

        s.keys("Down")
        s.wait_for(r"paragraph 2 of %d," % n)
        s.keys("Down")
        s.wait_for(r"paragraph 3 of %d," % n)
        s.keys("Down")
        want = T.normalise(paras[3][0])

        def at_paragraph_4(_):
            status = s.status()
            lit = T.normalise(s.highlighted(7))
            return ("Playing, paragraph 4 of %d, sentence 1 of" % n in status and lit == want
                    and status)
        s.wait_for(at_paragraph_4)
        hits = s.wait_trace(lambda e: e.get("event") == "sentence" and e.get("paragraph") == 3
                            and e.get("sentence") == 0, what="the sentence event of paragraph 4")
        keys = [e for e in s.trace() if e.get("event") == "key"]
        T.expect([e["key"] for e in keys] == ["KEY_DOWN"] * 3, "keys traced: %s" % keys)
        T.expect(hits[0]["t"] >= keys[2]["t"], "paragraph 4 began before the third key")

        s.keys("Space")
        screen = s.wait_for(lambda t: "Paused, paragraph 4 of %d" % n in t and t)
        no_noise(screen)
        T.expect(s.quit() == 0, "q did not exit with status 0:\n" + s.log_tail())
        events = [e["event"] for e in s.trace()]
        T.expect(events[0] == "start" and events[-1] == "quit", "trace events: %s" % events)
        no_noise(s.screen())

    with T.Session(tmp) as s:
        s.start(["--audio", "auto", T.SAMPLE])
        screen = s.wait_for(lambda t: re.search(r"Resumed at paragraph 4 of %d" % n, t) and t)
        T.expect("paragraph 4 of %d," % n in s.status(), "not at paragraph 4: " + s.status())
        no_noise(screen)
        T.expect(s.quit() == 0, "second q did not exit with status 0")
        no_noise(s.screen())


if __name__ == "__main__":
    sys.exit(T.run([test_acceptance]))
