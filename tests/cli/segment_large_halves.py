#!/usr/bin/env python3
"""`lector segment` on a text of megabytes, which it reads, loads, segments and prints in halves
or pieces on two threads: the output is the same bytes as for its parts given one at a time.
- a text made of varied parts (lists, headings, hard-wrapped lines, German, the sample), each
  cut from the next by an empty line, in both orders: its output is the parts' outputs joined
  by blank lines;
- the sample repeated with its language detected (no --lang): every copy reads as the sample;
- the same text read from standard input at an offset (a file already partly read) reads as its
  rest."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, SAMPLE, SRC, check, finish, run, write  # noqa: E402

PARTS = ["samples/lists-and-headings.txt", "samples/hard-wrapped.txt", "tests/data/segment_de.txt",
         "samples/online-safety.txt", "samples/french-article.txt"]
MEGABYTES = 3


def part_texts():
    texts = []
    for name in PARTS:
        with open(os.path.join(SRC, name), encoding="utf-8") as f:
            texts.append(f.read().strip("\n"))
    return texts


def joined_parts(order, *options):
    """The parts in order, repeated to MEGABYTES, one file; and what each says alone."""
    texts = part_texts()
    alone = {}
    for i in set(order):
        p = run("segment", *options, write(f"part{i}.txt", texts[i] + "\n"))
        check(p.returncode == 0, f"part {PARTS[i]}: exit {p.returncode} {p.stderr}")
        alone[i] = p.stdout
    sequence, size = [], 0
    while size < MEGABYTES * 1024 * 1024:
        for i in order:
            sequence.append(i)
            size += len(texts[i].encode()) + 2
    path = write("joined.txt", "\n\n".join(texts[i] for i in sequence) + "\n")
    return path, "\n".join(alone[i] for i in sequence)


def varied_parts():
    for order in ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0, 2]):
        path, want = joined_parts(order, "--lang", "en")
        p = run("segment", "--lang", "en", path)
        check(p.returncode == 0 and p.stdout == want,
              f"parts in order {order}: exit {p.returncode}, {len(p.stdout)} bytes, "
              f"want {len(want)}, first difference at "
              f"{next((k for k, (a, b) in enumerate(zip(p.stdout, want)) if a != b), None)}")


def detected():
    one = run("segment", SAMPLE)
    with open(SAMPLE, "rb") as f:
        sample = f.read().strip(b"\n")
    copies = MEGABYTES * 1024 * 1024 // len(sample) + 1
    big = write("detected.txt", b"\n\n".join([sample] * copies) + b"\n")
    p = run("segment", big)
    check(p.returncode == 0 and p.stdout == "\n".join([one.stdout] * copies),
          f"{copies} copies detected: exit {p.returncode}, {len(p.stdout)} bytes")
    return big


def at_offset(big):
    with open(big, "rb") as f:
        data = f.read()
    skip = len(data) // 3
    rest = write("rest.txt", data[skip:])
    want = run("segment", "--lang", "en", rest).stdout
    with open(big, "rb") as f:
        f.seek(skip)
        p = subprocess.run([LECTOR, "segment", "--lang", "en", "-"], stdin=f, capture_output=True,
                           text=True, timeout=300)
    check(p.returncode == 0 and p.stdout == want,
          f"standard input at offset {skip}: exit {p.returncode}, {len(p.stdout)} bytes, "
          f"want {len(want)}")


def main():
    varied_parts()
    at_offset(detected())
    finish()


main()
