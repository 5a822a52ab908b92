#!/usr/bin/env python3
"""A saved coloured terminal log reads as its words through `lector segment`: whole escape
sequences are removed (a colour change inside a word leaves it whole), none of them reaches the
output, and random binary data is still refused."""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import TMP, check, finish, run  # noqa: E402


def write(name, data):
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


# Three lines with ESC[31m, ESC[0m and ESC]2;title BEL, as `script` or `tee` saves them.
log = write("build.log", b"\x1b]2;make: building\x07Build started.\n"
                         b"Step one \x1b[31mfailed\x1b[0m on the first try.\n"
                         b"The dis\x1b[1mk\x1b[0m is full.\n")
p = run("segment", log)
check(p.returncode == 0, f"coloured log: exit status {p.returncode}: {p.stderr}")
said = [line for line in p.stdout.splitlines() if line.strip()]
check(said == ["Build started.", "Step one failed on the first try.", "The disk is full."],
      f"coloured log read as {said!r}")
check("\x1b" not in p.stdout and "\x07" not in p.stdout, "coloured log: a control byte reached the output")
check("title" not in p.stdout and "building" not in p.stdout, "coloured log: the window title is read")

# Random bytes from a fixed seed, with and without NUL bytes: refused, one line, exit 1.
rng = random.Random(13)
noise = bytes(rng.randrange(256) for _ in range(4096))
no_nul = bytes(rng.randrange(1, 256) for _ in range(4096))
for label, data in (("random", noise), ("random without NUL", no_nul)):
    p = run("segment", write(label.replace(" ", "_") + ".bin", data))
    check(p.returncode == 1, f"{label} data: exit status {p.returncode}, expected 1")
    check("not a text file" in p.stderr, f"{label} data: {p.stderr!r}")
    check(p.stdout == "", f"{label} data: printed {p.stdout[:80]!r}")

finish()
