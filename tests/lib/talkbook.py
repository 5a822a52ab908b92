"""What the talking-book tests share: the validators (epubcheck, jing), decoding an MP3 with
ffmpeg, and comparing where speech is in two recordings of the same text."""
import array
import os
import shutil
import sys
import subprocess
import wave

EPUBCHECK = "/usr/share/java/epubcheck.jar"
JING = "/usr/share/java/jing.jar"


def have_java(jar):
    return shutil.which("java") is not None and os.path.exists(jar)


def epubcheck(path):
    """(errors, warnings, output) of epubcheck on path."""
    r = subprocess.run(["java", "-jar", EPUBCHECK, path], capture_output=True, text=True,
                       timeout=300)
    out = r.stdout + r.stderr
    for line in out.splitlines():
        if line.startswith("Messages:"):
            nums = [int(w) for w in line.replace("/", " ").split() if w.isdigit()]
            return nums[1], nums[2], out  # fatals, errors, warnings, infos
    return 1, 0, out


def decode_mp3(path, rate):
    """The samples of an MP3 decoded by ffmpeg (which honours the LAME tag's encoder delay)."""
    r = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar",
                        str(rate), "-"], capture_output=True, timeout=300)
    return samples(r.stdout)


def samples(data):
    """16-bit little-endian samples."""
    pcm = array.array("h")
    pcm.frombytes(data[:len(data) // 2 * 2])
    if sys.byteorder != "little":
        pcm.byteswap()
    return pcm


def read_wav(path):
    with wave.open(path) as w:
        return w.getframerate(), samples(w.readframes(w.getnframes()))


def envelope(pcm, start, n_ms, rate):
    """Mean absolute amplitude per millisecond from sample start, n_ms values."""
    step = rate // 1000
    out = []
    for k in range(n_ms):
        a = start + k * step
        block = pcm[max(0, a):max(0, a + step)]
        out.append(sum(abs(v) for v in block) / step if block else 0.0)
    return out


def lag_ms(ref, ref_at, other, other_at, rate, span_ms=400, search_ms=100):
    """How many ms later than in ref (at sample ref_at) the same sound is in other (at sample
    other_at): the shift of other's loudness envelope that matches ref's best, and how well
    (normalised correlation, 1 is identical)."""
    a = envelope(ref, ref_at, span_ms, rate)
    step = rate // 1000
    b = envelope(other, other_at - search_ms * step, span_ms + 2 * search_ms, rate)
    norm_a = sum(v * v for v in a) ** 0.5 or 1.0
    best, best_score = 0, -1.0
    for shift in range(2 * search_ms + 1):
        window = b[shift:shift + span_ms]
        norm_b = sum(v * v for v in window) ** 0.5 or 1.0
        score = sum(x * y for x, y in zip(a, window)) / (norm_a * norm_b)
        if score > best_score:
            best, best_score = shift - search_ms, score
    return best, best_score


def clock(value):
    """Seconds of an EPUB clock value "h:mm:ss.mmm" or a DAISY "npt=12.345s"."""
    if value.startswith("npt="):
        return float(value[4:].rstrip("s"))
    parts = [float(p) for p in value.split(":")]
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    return seconds


def has_children(pid):
    """Whether lector's synthesis workers run: then the speech is being made."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return bool(f.read().strip())
    except OSError:
        return False


def interrupted_export(lector, args, out_dir, ready=None):
    """Starts lector export with args, sends SIGINT once ready(pid) (default: its synthesis
    workers run), and returns (exit status, stderr, what is left in out_dir)."""
    import signal
    import time
    ready = ready or has_children
    p = subprocess.Popen([lector, "export", *args], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None and not ready(p.pid):
        time.sleep(0.01)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    return p.returncode, err, os.listdir(out_dir)
