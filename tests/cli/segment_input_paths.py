#!/usr/bin/env python3
"""`lector segment` reads a file by its name, from standard input redirected from it, and from a
pipe, each its own way: a large named or redirected file in halves on two threads into a buffer
in huge pages, a pipe in growing blocks. The output, plain and --json, is the same bytes whichever
way, for texts that take each branch of decoding:
- the sample repeated to 2 MiB exactly (the buffer is one huge page and a NUL) and to 5 MB (two
  huge pages and small pages after them), its language detected;
- the same with a UTF-8 byte-order mark (dropped from a buffer in huge pages);
- text that is not UTF-8 (read as Windows-1252: the buffer is converted and freed), with the
  warning whichever way;
- Windows line endings (the buffer rewritten in place)."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, SAMPLE, check, finish, write  # noqa: E402

MIB = 1024 * 1024


def sample_to(size):
    """The sample repeated, cut at a line's end, then padded with spaces to size bytes."""
    with open(SAMPLE, "rb") as f:
        sample = f.read().strip(b"\n") + b"\n\n"
    data = sample * (size // len(sample))
    return data + b" " * (size - len(data) - 1) + b"\n"


def segment(args, stdin=None, data=None):
    p = subprocess.run([LECTOR, "segment", *args], stdin=stdin, input=data, capture_output=True,
                       timeout=300)
    return p.returncode, p.stdout, p.stderr


def same_every_way(name, data, legacy=False, modes=([], ["--json"])):
    """legacy: the text is not UTF-8 (a warning says so)."""
    path = write(name, data)
    for mode in modes:
        named = segment(mode + [path])
        check(named[0] == 0 and len(named[1]) > len(data) // 2,
              f"{name} {mode}: exit {named[0]}, {len(named[1])} bytes {named[2][:200]!r}")
        with open(path, "rb") as f:
            redirected = segment(mode + ["-"], stdin=f)
        piped = segment(mode + ["-"], data=data)
        for how, got in (("redirected", redirected), ("piped", piped)):
            check(got[:2] == named[:2],
                  f"{name} {mode} {how}: exit {got[0]}, {len(got[1])} bytes, want {len(named[1])}"
                  f"; first difference at "
                  f"{next((k for k, (a, b) in enumerate(zip(got[1], named[1])) if a != b), None)}")
        for how, got in (("named", named), ("redirected", redirected), ("piped", piped)):
            warned = b"read as Windows-1252" in got[2]
            check(warned == legacy, f"{name} {mode} {how}: stderr {got[2][:200]!r}")


def main():
    two = sample_to(2 * MIB)
    five = sample_to(5 * 1000 * 1000)
    same_every_way("two-mib.txt", two)
    same_every_way("five-mb.txt", five)
    plain = ([],)
    same_every_way("bom.txt", b"\xef\xbb\xbf" + five, modes=plain)
    same_every_way("cp1252.txt", five.replace(b"\xe2\x80\x99", b"\x92"), legacy=True, modes=plain)
    same_every_way("crlf.txt", five.replace(b"\n", b"\r\n")[: 5 * MIB], modes=plain)
    finish()


main()
