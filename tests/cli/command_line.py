"""The command line as a new user meets it (issue 20): a mistyped command is named, a usage error
points to the command's own --help, --help lists segment --speech, and export -o - sends a whole,
valid file to a pipe (every format), with the timings file written as usual."""
import json
import os
import pty
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, run, failures, finish  # noqa: E402

# --- mistyped commands and usage errors ---------------------------------------------------------
text = os.path.join(TMP, "f.txt")
with open(text, "w") as f:
    f.write("Hello there. This is a short text.\n")

r = run("exprot", text, cwd=TMP)
check(r.returncode == 2, f"exprot: exit {r.returncode}")
check(r.stderr == "lector: unknown command 'exprot' (did you mean export?)\n",
      f"exprot: {r.stderr!r}")
r = run("vocies", cwd=TMP)
check(r.stderr == "lector: unknown command 'vocies' (did you mean voices?)\n", f"vocies: {r.stderr!r}")
# A file of that name is read, as any file.
with open(os.path.join(TMP, "segmnt"), "w") as f:
    f.write("A file named like a command.\n")
r = run("segmnt", "--plain", "--audio", "null", cwd=TMP, stdin=subprocess.DEVNULL)
check("unknown command" not in r.stderr, f"an existing file taken for a command: {r.stderr!r}")

r = run("segment", "--bogus", text)
check(r.returncode == 2 and r.stderr == "lector: unknown option '--bogus' "
      "(try 'lector segment --help')\n", f"segment --bogus: {r.returncode} {r.stderr!r}")
r = run("export", "--bogus", text, "-o", "x.wav")
check("(try 'lector export --help')" in r.stderr, f"export --bogus: {r.stderr!r}")
r = run("segment", text, text)
check("(try 'lector segment --help')" in r.stderr, f"segment a b: {r.stderr!r}")

r = run("--help")
check(r.returncode == 0 and "segment --speech" in r.stdout, "--help does not mention segment --speech")

# --- export -o - --------------------------------------------------------------------------------
def export_to_pipe(*extra):
    p = subprocess.run([LECTOR, "export", text, "-o", "-", *extra], capture_output=True,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


rc, audio, err = export_to_pipe("-q")
check(rc == 0 and err == "", f"-o - (wav): exit {rc}, {err!r}")
check(audio[:4] == b"RIFF" and audio[8:12] == b"WAVE", "-o -: not a WAV file")
if len(audio) > 44:
    riff_size = struct.unpack("<I", audio[4:8])[0]
    check(riff_size == len(audio) - 8, f"-o -: the RIFF size {riff_size} is not the file's "
          f"({len(audio) - 8}): the header was not finished")
    # Identical to a file export.
    wav = os.path.join(TMP, "same.wav")
    run("export", "-q", text, "-o", wav)
    with open(wav, "rb") as f:
        check(f.read() == audio, "-o - differs from the same export to a file")

magic = {"flac": b"fLaC", "ogg": b"OggS", "opus": b"OggS", "mp3": b"ID3"}
for fmt, head in magic.items():
    rc, audio, err = export_to_pipe("-q", "--format", fmt)
    check(rc == 0 and audio.startswith(head), f"-o - --format {fmt}: exit {rc}, starts "
          f"{audio[:8]!r}, {err!r}")

timings = os.path.join(TMP, "pipe.json")
rc, audio, err = export_to_pipe("--format", "ogg", "--timings", timings)
check(rc == 0, f"-o - with timings: exit {rc}: {err!r}")
check(err.startswith("lector: sent to standard output: 0:0") and err.count("\n") == 1,
      f"-o -: not one line saying what was sent: {err!r}")
try:
    with open(timings, encoding="utf-8") as f:
        doc = json.load(f)
    check(doc["paragraphs"] and doc["duration"] > 0, "-o -: the timings are empty")
except (OSError, ValueError) as e:
    check(False, f"-o -: no timings file: {e}")

# A failure sends nothing at all.
p = subprocess.run([LECTOR, "export", os.path.join(TMP, "missing.txt"), "-o", "-"],
                   capture_output=True, timeout=60)
check(p.returncode == 1 and p.stdout == b"", f"-o - failing: exit {p.returncode}, "
      f"{len(p.stdout)} bytes sent")

# Audio is not poured onto a terminal.
master, slave = pty.openpty()
p = subprocess.run([LECTOR, "export", text, "-o", "-"], stdout=slave, stderr=subprocess.PIPE,
                   timeout=60)
os.close(slave)
os.close(master)
check(p.returncode == 2 and b"standard output is a terminal" in p.stderr,
      f"-o - on a terminal: exit {p.returncode}, {p.stderr!r}")

if not failures:
    print("ok")
finish()
