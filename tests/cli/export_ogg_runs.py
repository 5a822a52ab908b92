"""`lector export` to .ogg encodes runs of the audio (cut at pauses) on all cores and writes
their packets as one logical Ogg Vorbis stream (export/encoder_vorbis.c, vorbis_stream.c). On
the sample (5 minutes: about 15 runs), through the CLI: the file is one logical stream, not a
chained Ogg (one serial number, one first and one last page, granule positions that never go
back); ffprobe's duration is the decoded length, which is the WAV export's to the sample;
every pause of the WAV is silent in the Ogg too (no click where two runs meet); the speech after
every pause is where the WAV has it, within 6 ms (no drift: measured by matching waveforms,
which a pitch period can fool, hence 95% of pauses within 6 ms and all within 20 ms); and the
timings are the WAV's, so they describe the Ogg's audio as well. The file is the same, byte
for byte, from another run with other -j (whichever thread encodes which run)."""
import array
import json
import os
import struct
import subprocess
import sys
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import TMP, SAMPLE, check, finish, run  # noqa: E402

RATE = 22050
MIN_PAUSE = 4096  # samples: pauses where a run may end are at least 2 * 2048 (2 long blocks)
EDGE = 1024       # the codec's own pre- and post-echo around speech: a long block
MAX_SHIFT = 136   # a run is placed within a quarter short block (128 samples at 22050 Hz)
FAR = 441         # 20 ms


def export(out, *extra):
    r = run("export", "-q", SAMPLE, "-o", out, "--timings", out + ".json", *extra)
    if not check(r.returncode == 0, f"export {out}: exit {r.returncode}: {r.stderr.strip()}"):
        finish()
    with open(out + ".json", encoding="utf-8") as f:
        return json.load(f)


def ogg_pages(path):
    """(header type, granule position, serial number) of every page of the file."""
    with open(path, "rb") as f:
        data = f.read()
    pages, pos = [], 0
    while pos < len(data):
        if data[pos:pos + 4] != b"OggS":
            check(False, f"no Ogg page at byte {pos}")
            break
        htype, granule, serial = struct.unpack_from("<BqI", data, pos + 5)
        nseg = data[pos + 26]
        body = sum(data[pos + 27:pos + 27 + nseg])
        pages.append((htype, granule, serial))
        pos += 27 + nseg + body
    return pages


def samples_of(cmd):
    a = array.array("h")
    a.frombytes(subprocess.run(cmd, capture_output=True, check=True).stdout)
    return a


def pauses(pcm):
    """(start, end) of every run of digital silence of MIN_PAUSE samples or more."""
    found, i, n = [], 0, len(pcm)
    while i < n:
        if pcm[i]:
            i += 1
            continue
        j = i
        while j < n and not pcm[j]:
            j += 1
        if j - i >= MIN_PAUSE:
            found.append((i, j))
        i = j
    return found


def best_shift(ref, dec, at, width=8192):
    """The shift s (samples) for which dec[at + s:] looks most like ref[at:], coarse then fine."""
    def cost(s):
        return sum(abs(ref[at + k] - dec[at + s + k]) for k in range(0, width, 4))
    coarse = min(range(-FAR, FAR + 1, 8), key=cost)
    return min(range(coarse - 8, coarse + 9), key=cost)


wav, ogg = os.path.join(TMP, "sample.wav"), os.path.join(TMP, "sample.ogg")
wav_timings, ogg_timings = export(wav), export(ogg)
again = os.path.join(TMP, "again.ogg")
export(again, "-j", "2")
with open(ogg, "rb") as f1, open(again, "rb") as f2:
    check(f1.read() == f2.read(), "two exports of the same text differ")

pages = ogg_pages(ogg)
check(len({serial for _, _, serial in pages}) == 1, "more than one logical stream (chained Ogg)")
check([i for i, p in enumerate(pages) if p[0] & 2] == [0], "first-page flags not on page 0 only")
check([i for i, p in enumerate(pages) if p[0] & 4] == [len(pages) - 1],
      "last-page flag not on the last page only")
granules = [g for _, g, _ in pages if g != -1]
check(granules == sorted(granules), "granule positions go back")

with wave.open(wav) as w:
    ref = array.array("h", w.readframes(w.getnframes()))
dec = samples_of(["ffmpeg", "-v", "error", "-i", ogg, "-f", "s16le", "-acodec", "pcm_s16le", "-"])
check(len(dec) == len(ref), f"Ogg decodes to {len(dec)} samples, the WAV has {len(ref)}")
by_sox = samples_of(["sox", ogg, "-t", "raw", "-e", "signed", "-b", "16", "-"])  # libvorbisfile
check(len(by_sox) == len(dec), f"sox (libvorbisfile) decodes {len(by_sox)} samples")
check(granules[-1] == len(dec), f"last granule {granules[-1]}, {len(dec)} samples decoded")
probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                        "csv=p=0", ogg], capture_output=True, text=True).stdout
check(abs(float(probe or 0) - len(dec) / RATE) < 0.001,
      f"ffprobe says {probe.strip()} s, {len(dec) / RATE:.3f} s decoded")
check(len(dec) == round(ogg_timings["duration"] * RATE), "the timings' duration is not the Ogg's")
for key in ("duration", "paragraphs", "sections"):
    check(ogg_timings.get(key) == wav_timings.get(key), f"timings' {key} differ from the WAV's")

found = pauses(ref)
check(len(found) > 30, f"only {len(found)} pauses in the sample")
loud, shifts = [], []
for a, b in found:
    inside = max(abs(x) for x in dec[a + EDGE:b - EDGE]) if b - a > 2 * EDGE else 0
    if inside > 64:
        loud.append((a, b, inside))
    if b + 8192 + FAR + 16 < len(ref):
        shifts.append(best_shift(ref, dec, b - 256))
check(not loud, f"pauses that are not silent in the Ogg (start, end, max): {loud[:5]}")
near = [s for s in shifts if abs(s) <= MAX_SHIFT]
check(len(near) >= 0.95 * len(shifts) and all(abs(s) < FAR for s in shifts),
      f"speech after pauses misplaced (samples): {sorted(shifts)}")
print(f"{len(pages)} pages, {len(dec)} samples, {len(found)} pauses silent, speech after them "
      f"shifted by {min(shifts)}..{max(shifts)} samples")
finish()
