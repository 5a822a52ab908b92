"""lector export to all five formats: decode what was written (sox, opusdec/opusinfo) and
compare with the timings sidecar: duration within 1%, the sample rate claimed, the title tag."""
import json
import os
import re
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, run, failures, finish  # noqa: E402

TITLE = "Online safety \u2014 \u00fcn\u00efc\u00f6de title"
ARTIST = "Lector Tests"


def decoded_frames(path, fmt):
    """Frames and rate of the decoded audio (decoding all of it, not reading a header)."""
    if fmt == "opus":
        wav = path + ".decoded.wav"
        subprocess.run(["opusdec", "--quiet", path, wav], check=True, capture_output=True)
        path = wav
    rate = int(subprocess.run(["soxi", "-r", path], capture_output=True, text=True,
                              check=True).stdout)
    raw = subprocess.run(["sox", path, "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-"],
                         capture_output=True, check=True).stdout
    return len(raw) // 2, rate


def wav_info_title(path):
    """The INAM entry of a WAV file's LIST/INFO chunk."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 12
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"LIST" and body[:4] == b"INFO":
            sub = 4
            while sub + 8 <= len(body):
                sid, ssize = body[sub:sub + 4], struct.unpack("<I", body[sub + 4:sub + 8])[0]
                if sid == b"INAM":
                    return body[sub + 8:sub + 8 + ssize].split(b"\0")[0].decode("utf-8")
                sub += 8 + ssize + (ssize & 1)
        pos += 8 + size + (size & 1)
    return None


def tags(path, fmt):
    """Lower-cased tag name -> value, as the usual tools read them."""
    if fmt == "wav":
        return {"title": wav_info_title(path)}
    if fmt == "opus":
        out = subprocess.run(["opusinfo", path], capture_output=True, text=True, check=True).stdout
    else:
        out = subprocess.run(["soxi", "-a", path], capture_output=True, text=True,
                             check=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s*([A-Za-z]+)=(.*)$", line)
        if m:
            found[m.group(1).lower()] = m.group(2)
    return found


for fmt in ["wav", "flac", "ogg", "opus", "mp3"]:
    out = os.path.join(TMP, "article." + fmt)
    timings = out + ".json"
    r = run("export", SAMPLE, "-o", out, "--timings", timings, "--title", TITLE, "--artist",
            ARTIST)
    check(r.returncode == 0, f"{fmt}: exit {r.returncode}: {r.stderr.strip()}")
    # One line says what was written: the file, the length of the audio, its size.
    check(re.fullmatch(rf"lector: wrote {re.escape(out)}: \d+:\d\d of audio, [\d.]+ [kM]B; "
                       rf"timings in {re.escape(timings)}\n", r.stderr),
          f"{fmt}: not one line saying what was written: {r.stderr!r}")
    if r.returncode != 0:
        continue
    with open(timings, encoding="utf-8") as f:
        doc = json.load(f)
    check(doc["version"] == 1, f"{fmt}: version")
    check(doc["audio"] == "article." + fmt, f"{fmt}: audio name {doc['audio']}")
    frames, rate = decoded_frames(out, fmt)
    check(rate == doc["sample_rate"], f"{fmt}: decoded rate {rate} vs sidecar {doc['sample_rate']}")
    if fmt == "opus":
        check(rate == 48000, f"opus: must be 48 kHz, is {rate}")
    duration = frames / rate
    check(abs(duration - doc["duration"]) <= 0.01 * doc["duration"],
          f"{fmt}: decoded {duration:.3f} s vs sidecar {doc['duration']:.3f} s")
    if fmt in ("wav", "flac", "opus"):
        # Lossless or sample-exact containers: to the sample.
        check(frames == round(doc["duration"] * rate),
              f"{fmt}: {frames} frames decoded, sidecar says {doc['duration'] * rate}")
    last_end = doc["paragraphs"][-1]["end"]
    check(last_end <= doc["duration"] + 1e-6, f"{fmt}: last paragraph ends after the audio")
    print(f"{fmt}: {duration:.3f} s decoded at {rate} Hz, sidecar {doc['duration']:.3f} s")
    t = tags(out, fmt)
    check(t.get("title") == TITLE, f"{fmt}: title tag {t.get('title')!r}")
    if fmt != "wav":
        check(t.get("artist") == ARTIST, f"{fmt}: artist tag {t.get('artist')!r}")

# Without --title the title is still there (first heading or file name).
out = os.path.join(TMP, "default-title.ogg")
r = run("export", SAMPLE, "-o", out, "-j", "2")
check(r.returncode == 0, f"default title: exit {r.returncode}: {r.stderr.strip()}")
if r.returncode == 0:
    check(bool(tags(out, "ogg").get("title")), "default title: no title tag")

# Standard input works too.
with open(SAMPLE, "rb") as f:
    r = subprocess.run([LECTOR, "export", "-", "-o", os.path.join(TMP, "stdin.flac")], stdin=f,
                       capture_output=True, text=True, timeout=300)
check(r.returncode == 0, f"stdin: exit {r.returncode}: {r.stderr.strip()}")

if not failures:
    print("ok")
finish()
