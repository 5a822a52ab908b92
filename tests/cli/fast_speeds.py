"""Speeds up to 900 wpm, as the audio shows them (properties of the audio, never of the wall
clock): `lector export -s 900` and the reader's recording (`--audio x.wav`, plain, no keyboard)
are about half as long as at 450 (espeak-ng's libsonic speed-up), and the pauses between
paragraphs shrink with the speed (reading_pause_scaled). -s takes 80 to 900 and no more."""
import os
import subprocess
import sys
import wave
from array import array

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, finish, run  # noqa: E402

ENV = dict(os.environ, XDG_STATE_HOME=os.path.join(TMP, "state"),
           XDG_CONFIG_HOME=os.path.join(TMP, "config"))


def seconds(path):
    with wave.open(path, "rb") as w:
        return w.getnframes() / w.getframerate()


def samples(path):
    with wave.open(path, "rb") as w:
        a = array("h")
        a.frombytes(w.readframes(w.getnframes()))
        return a, w.getframerate()


def longest_silence(path):
    """Seconds of the longest run of exact zeros (lector's own pauses are written as zeros)."""
    a, rate = samples(path)
    best = run_len = 0
    for s in a:
        run_len = run_len + 1 if s == 0 else 0
        best = max(best, run_len)
    return best / rate


def audio_at(wpm, what, argv, **kw):
    """Runs argv(out, speed option) to write out = TMP/<what><wpm>.wav; returns out."""
    out = os.path.join(TMP, f"{what}{wpm}.wav")
    r = subprocess.run(argv(out, ["-s", str(wpm)]), capture_output=True, text=True,
                       timeout=300, **kw)
    check(r.returncode == 0, f"{what} -s {wpm}: exit {r.returncode}: {r.stderr.strip()}")
    return out


def export(wpm):
    return audio_at(wpm, "export",
                    lambda out, s: [LECTOR, "export", *s, SAMPLE, "-o", out, "-q"])


e450, e900 = export(450), export(900)
ratio = seconds(e900) / seconds(e450)
print(f"export: 450 wpm {seconds(e450):.1f} s, 900 wpm {seconds(e900):.1f} s, ratio {ratio:.3f}")
check(0.4 <= ratio <= 0.65, f"export at 900 is not about half of 450: ratio {ratio:.3f}")

# Paragraph pauses (800 ms in the default profile, as at 175 wpm) shrink in proportion: at
# 900 wpm the longest silence is about 156 ms, and well under 450's (311 ms).
s450, s900 = longest_silence(e450), longest_silence(e900)
print(f"longest silence: 450 wpm {s450 * 1000:.0f} ms, 900 wpm {s900 * 1000:.0f} ms")
check(s900 < 0.25, f"a {s900 * 1000:.0f} ms gap at 900 wpm")
check(s900 < s450 * 0.7, f"pauses do not shrink from 450 to 900: {s450:.3f} s, {s900:.3f} s")

# The reader records what it plays in real time: a short text keeps this test short.
with open(SAMPLE, encoding="utf-8") as f:
    paragraphs = f.read().split("\n\n")
short = os.path.join(TMP, "short.txt")
with open(short, "w", encoding="utf-8") as f:
    f.write("\n\n".join(paragraphs[:3]) + "\n")


def record(wpm):
    return audio_at(wpm, "read", lambda out, s: ["setsid", LECTOR, *s, "--audio", out, short],
                    stdin=subprocess.DEVNULL, env=ENV)


r450, r900 = record(450), record(900)
ratio = seconds(r900) / seconds(r450)
print(f"reader: 450 wpm {seconds(r450):.1f} s, 900 wpm {seconds(r900):.1f} s, ratio {ratio:.3f}")
check(0.4 <= ratio <= 0.65, f"the reader at 900 is not about half of 450: ratio {ratio:.3f}")

for bad in ("901", "79"):
    r = run("-s", bad, SAMPLE)
    check(r.returncode == 2, f"-s {bad}: exit {r.returncode}")
r = run("--help")
check("80-900" in r.stdout, "--help does not say 80-900")

finish()
