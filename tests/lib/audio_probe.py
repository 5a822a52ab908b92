"""What the audio tests ask of ffmpeg's tools: chapters, tags and durations (ffprobe), the
decoded samples (ffmpeg), and where speech starts in them."""
import array
import json
import shutil
import subprocess

HAVE_FFMPEG = bool(shutil.which("ffprobe") and shutil.which("ffmpeg"))


def probe(path):
    """ffprobe's JSON for path: format, streams and chapters."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-show_format",
                          "-show_streams", "-of", "json", path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def tags(info):
    """The file's tags, lower-cased names: the container's, else the audio stream's (Ogg)."""
    found = {}
    for stream in info.get("streams", []):
        found.update({k.lower(): v for k, v in stream.get("tags", {}).items()})
    found.update({k.lower(): v for k, v in info["format"].get("tags", {}).items()})
    return found


def decode(path, rate):
    """The samples a player hears, mono 16-bit at rate (ffmpeg drops the codec's delay as the
    file says: LAME tag, Opus pre-skip, MP4 edit list)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1",
                          "-ar", str(rate), "-"], capture_output=True, check=True).stdout
    samples = array.array("h")
    samples.frombytes(raw)
    return samples


def onset(samples, rate, t, threshold=500):
    """The first loud sample from 150 ms before t, in seconds (None when there is none)."""
    i = max(0, int((t - 0.15) * rate))
    while i < len(samples) and abs(samples[i]) < threshold:
        i += 1
    return i / rate if i < len(samples) else None
