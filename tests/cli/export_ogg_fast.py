"""`lector export -s 900` to .ogg of one long paragraph: its pauses are too short to cut runs at
(export/encoder_vorbis.c), so runs are continued on one encoder every 20 s. Through the CLI: the
Ogg decodes to the WAV export's length, to the sample, and to the WAV's audio in every second
(a dropped or doubled packet where a run is continued shifts or garbles what follows)."""
import array
import os
import subprocess
import sys
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import TMP, check, finish, run, write  # noqa: E402

RATE = 22050
WORDS = "the quick brown fox jumps over a lazy dog near the river bank".split()
# About 90 s of speech at 900 wpm: four continuations.
text = " ".join(" ".join(WORDS[(i + k) % len(WORDS)] for k in range(12)).capitalize() + "."
                for i in range(120))
src = write("para.txt", text + "\n")
wav, ogg = os.path.join(TMP, "fast.wav"), os.path.join(TMP, "fast.ogg")
for out in (wav, ogg):
    r = run("export", "-q", "-s", "900", src, "-o", out)
    if not check(r.returncode == 0, f"export {out}: exit {r.returncode}: {r.stderr.strip()}"):
        finish()

with wave.open(wav) as w:
    ref = array.array("h", w.readframes(w.getnframes()))
dec = array.array("h")
dec.frombytes(subprocess.run(["ffmpeg", "-v", "error", "-i", ogg, "-f", "s16le", "-acodec",
                              "pcm_s16le", "-"], capture_output=True, check=True).stdout)
check(len(ref) > 60 * RATE, f"only {len(ref) / RATE:.1f} s of speech")
check(len(dec) == len(ref), f"Ogg decodes to {len(dec)} samples, the WAV has {len(ref)}")
bad = []
for at in range(0, min(len(ref), len(dec)) - RATE + 1, RATE):
    sig = sum(x * x for x in ref[at:at + RATE])
    err = sum((x - y) ** 2 for x, y in zip(ref[at:at + RATE], dec[at:at + RATE]))
    if err > 0.25 * sig:
        bad.append((at // RATE, round(err / max(sig, 1), 2)))
check(not bad, f"seconds of the Ogg unlike the WAV (second, error/signal): {bad[:5]}")
print(f"{len(dec)} samples, every second within 25% of the WAV's energy")
finish()
