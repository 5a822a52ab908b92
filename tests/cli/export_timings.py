"""lector export --timings: the JSON sidecar against the decoded WAV (every paragraph after the
first starts where the audio is silent just before and speech begins just after; >= 99% of the
words timed, in increasing order), WebVTT/SRT/LRC agreeing with it, and byte-identical audio
for -j 1, 2 and 3 (the sample is cut into several chunks, each synthesised as a run)."""
import json
import os
import re
import subprocess
import sys
import wave
from array import array

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, failures, finish  # noqa: E402


def export(out, *extra):
    r = subprocess.run([LECTOR, "export", SAMPLE, "-o", out, *extra], capture_output=True,
                       text=True, timeout=300)
    if not check(r.returncode == 0, f"export {out}: exit {r.returncode}: {r.stderr.strip()}"):
        sys.exit(1)


wav1 = os.path.join(TMP, "j1.wav")
wav2 = os.path.join(TMP, "j2.wav")
js = os.path.join(TMP, "j1.json")
export(wav1, "-j", "1", "--timings", js)
export(wav2, "-j", "2", "--timings", os.path.join(TMP, "j2.json"))

# -j must not change a single byte.
r = subprocess.run(["cmp", wav1, wav2], capture_output=True, text=True)
check(r.returncode == 0, f"-j 1 and -j 2 differ: {r.stdout.strip()}")
with open(SAMPLE, "rb") as f:
    check(len(f.read()) > 4 * 512, "the sample is several chunks long (512 text bytes each)")
wav3 = os.path.join(TMP, "j3.wav")
export(wav3, "-j", "3")
r = subprocess.run(["cmp", wav1, wav3], capture_output=True, text=True)
check(r.returncode == 0, f"-j 1 and -j 3 differ: {r.stdout.strip()}")
with open(js, encoding="utf-8") as a, open(os.path.join(TMP, "j2.json"), encoding="utf-8") as b:
    ja, jb = json.load(a), json.load(b)
    check(ja.pop("audio") == "j1.wav" and jb.pop("audio") == "j2.wav", "sidecar audio names")
    check(ja == jb, "-j 1 and -j 2 sidecars differ")

with open(js, encoding="utf-8") as f:
    doc = json.load(f)
with wave.open(wav1) as w:
    rate = w.getframerate()
    check(w.getsampwidth() == 2 and w.getnchannels() == 1, "WAV is mono 16-bit")
    pcm = array("h", w.readframes(w.getnframes()))
check(rate == doc["sample_rate"], "WAV rate matches the sidecar")
check(len(pcm) == round(doc["duration"] * rate), "WAV length matches the sidecar to the sample")

# Paragraph boundaries: silence just before, speech just after.
paras = doc["paragraphs"]
check(len(paras) > 5, "the sample has paragraphs")
check([p["index"] for p in paras] == list(range(len(paras))), "paragraph indices")
check(paras[0]["start"] == 0.0, "first paragraph starts at 0")
before = int(0.1 * rate)   # 100 ms
after = int(0.5 * rate)    # 500 ms
for p in paras[1:]:
    start = round(p["start"] * rate)
    quiet = max((abs(v) for v in pcm[max(0, start - before):start]), default=0)
    loud = max((abs(v) for v in pcm[start:start + after]), default=0)
    check(quiet == 0, f"paragraph {p['index']}: audio before its start is not silent ({quiet})")
    check(loud > 1000, f"paragraph {p['index']}: no speech in the 500 ms after its start ({loud})")

# Times: sentences and words increasing, inside their paragraph; words are document words.
words_total = timed = 0
last_word_start = last_sentence_end = 0.0
text_words = 0
for p in paras:
    check(p["kind"] in ("heading", "paragraph", "item", "quote", "code"), f"kind {p['kind']}")
    check(p["start"] <= p["end"], f"paragraph {p['index']} start <= end")
    check([s["index"] for s in p["sentences"]] == list(range(len(p["sentences"]))),
          f"paragraph {p['index']}: sentence indices")
    for s in p["sentences"]:
        check(s["start"] >= last_sentence_end - 1e-9, f"sentence '{s['text'][:30]}' overlaps")
        check(p["start"] - 1e-9 <= s["start"] <= s["end"] <= p["end"] + 1e-9,
              f"sentence '{s['text'][:30]}' outside its paragraph")
        last_sentence_end = s["end"]
        text_words += len([t for t in s["text"].split() if re.search(r"\w", t)])
        for wd in s["words"]:
            words_total += 1
            st, en = wd.get("start"), wd.get("end")
            if isinstance(st, (int, float)) and isinstance(en, (int, float)):
                timed += 1
                check(st >= last_word_start - 1e-9, f"word '{wd['text']}' goes backwards")
                check(s["start"] - 1e-9 <= st <= en <= s["end"] + 1e-9,
                      f"word '{wd['text']}' outside its sentence")
                last_word_start = st
            check(wd["text"] and wd["text"] in s["text"],
                  f"word {wd['text']!r} is not a word of '{s['text'][:40]}'")
print(f"{len(paras)} paragraphs, {words_total} words in the sidecar, {timed} timed, "
      f"{text_words} words in the text")
check(text_words > 0 and timed >= 0.99 * text_words,
      f"only {timed} of {text_words} words have times")

# The other sidecar formats agree with the JSON.
sentences = [s for p in paras for s in p["sentences"]]


def cue_seconds(h, m, s, ms):
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


for ext in ("vtt", "srt", "lrc"):
    side = os.path.join(TMP, "t." + ext)
    export(os.path.join(TMP, "t-" + ext + ".wav"), "--timings", side)
    with open(side, encoding="utf-8") as f:
        text = f.read()
    if ext == "lrc":
        lines = [ln for ln in text.splitlines() if re.match(r"\[\d+:\d\d\.\d\d\]", ln)]
        check(len(lines) == len(sentences), f"lrc: {len(lines)} lines for {len(sentences)} "
              "sentences")
        for ln, s in zip(lines, sentences):
            m = re.match(r"\[(\d+):(\d\d)\.(\d\d)\](.*)$", ln)
            t = int(m.group(1)) * 60 + int(m.group(2)) + int(m.group(3)) / 100
            check(abs(t - s["start"]) <= 0.006, f"lrc: {ln[:30]} vs {s['start']}")
            check(m.group(4) == s["text"], f"lrc text: {m.group(4)[:30]}")
        continue
    sep = "." if ext == "vtt" else ","
    if ext == "vtt":
        check(text.startswith("WEBVTT\n"), "vtt: header")
    pat = re.compile(r"(\d+)\n(\d\d):(\d\d):(\d\d)" + re.escape(sep) + r"(\d\d\d) --> "
                     r"(\d\d):(\d\d):(\d\d)" + re.escape(sep) + r"(\d\d\d)\n(.+)\n")
    cues = pat.findall(text)
    check(len(cues) == len(sentences), f"{ext}: {len(cues)} cues for {len(sentences)} sentences")
    for i, (cue, s) in enumerate(zip(cues, sentences)):
        check(int(cue[0]) == i + 1, f"{ext}: cue number {cue[0]}")
        start, end = cue_seconds(*cue[1:5]), cue_seconds(*cue[5:9])
        check(abs(start - s["start"]) <= 0.0006 and abs(end - s["end"]) <= 0.0006,
              f"{ext}: cue {i + 1} times {start}-{end} vs {s['start']}-{s['end']}")
        shown = cue[9]
        if ext == "vtt":
            shown = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        check(shown == s["text"], f"{ext}: cue {i + 1} text {shown[:30]!r}")

if not failures:
    print("ok")
finish()
