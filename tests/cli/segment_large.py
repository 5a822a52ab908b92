#!/usr/bin/env python3
"""`lector segment` on what its fast paths meet (pre-faulted reading, one pass for NUL bytes and
UTF-8, words printed a stretch at a time, the detector's fingerprints loaded by script on a
thread of their own):
- a text of several megabytes prints exactly the sample's sentences, once per copy;
- a NUL byte anywhere in a large regular file, after a UTF-8 BOM, or in a pipe: exit 1;
- a file whose size on disk differs from what it holds (a sysfs file) is read whole;
- white space collapses as before (runs, tabs, hard wraps, none at either end);
- paragraphs in other scripts get their languages (each script's fingerprints loaded on
  demand), a paragraph mixing scripts is judged by all of them, and the answer for the same
  text is the same on every run (the detector is given NUL-terminated text)."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, SAMPLE, check, finish, run, write  # noqa: E402


def expect_not_text(p, label):
    check(p.returncode == 1 and "not a text file" in p.stderr and not p.stdout,
          f"{label}: exit {p.returncode}, stderr {p.stderr!r}, {len(p.stdout)} bytes out")


def large_text():
    one = run("segment", SAMPLE)
    check(one.returncode == 0, f"sample: exit {one.returncode}")
    with open(SAMPLE, "rb") as f:
        sample = f.read()
    copies = 4 * 1024 * 1024 // len(sample) + 1
    big = write("big.txt", (sample + b"\n\n") * copies)
    p = run("segment", "--lang", "en", big)
    # Paragraphs are separated by a blank line, copies too.
    want = "\n".join([one.stdout] * copies)
    check(p.returncode == 0 and p.stdout == want,
          f"{copies} copies: exit {p.returncode}, {len(p.stdout)} bytes, want {len(want)}")
    return sample


def nul_bytes(sample):
    body = sample * (1024 * 1024 // len(sample))
    expect_not_text(run("segment", write("nul-end.txt", body + b"\0")), "NUL at the end")
    expect_not_text(run("segment", write("nul-mid.txt", body[:500000] + b"\0" + body)),
                    "NUL in the middle")
    expect_not_text(run("segment", write("bom-nul.txt", b"\xef\xbb\xbf" + body + b"\0x")),
                    "NUL after a UTF-8 BOM")
    # Not UTF-8 (a Latin-1 byte first), then a NUL: still binary.
    expect_not_text(run("segment", write("latin-nul.txt", b"caf\xe9 " + body + b"\0")),
                    "NUL after a Latin-1 byte")
    piped = subprocess.run([LECTOR, "segment", "-"], input=body + b"\0" + body,
                           capture_output=True, timeout=300)
    check(piped.returncode == 1 and b"not a text file" in piped.stderr,
          f"NUL in a pipe: exit {piped.returncode}")


def size_differs():
    path = "/sys/kernel/mm/transparent_hugepage/enabled"
    try:
        with open(path, encoding="utf-8") as f:
            held = f.read()
        st = os.stat(path)
    except OSError:
        print(f"skip: no {path}")
        return
    if st.st_size == len(held.encode()):
        print(f"skip: {path} says its size")
        return
    p = run("segment", "--lang", "en", path)
    check(p.returncode == 0 and p.stdout == " ".join(held.split()) + "\n",
          f"sysfs file of {st.st_size} bytes on disk, {len(held)} held: {p.stdout!r} {p.stderr!r}")


def white_space():
    path = write("spaces.txt", "  One  two\tthree\n   four.   Five\u00a0six.  \n\nSeven\n")
    p = run("segment", "--lang", "en", path)
    check(p.stdout == "One two three four.\nFive\u00a0six.\n\nSeven\n", f"collapsed: {p.stdout!r}")


ENGLISH = ("The committee met on a grey morning to settle the budget for the coming year, and "
           "after a long discussion about the roads, the library and the swimming pool, the "
           "members agreed to postpone the question of the new bridge until the spring.")
RUSSIAN = ("Комитет собрался серым утром, чтобы утвердить бюджет на следующий год, и после "
           "долгого обсуждения дорог, библиотеки и бассейна члены комитета решили отложить "
           "вопрос о новом мосте до весны, когда станут известны окончательные расчёты.")
GREEK = ("Η επιτροπή συνεδρίασε ένα γκρίζο πρωινό για να εγκρίνει τον προϋπολογισμό της "
         "επόμενης χρονιάς, και μετά από μακρά συζήτηση για τους δρόμους, τη βιβλιοθήκη και "
         "την πισίνα, τα μέλη συμφώνησαν να αναβάλουν το ζήτημα της νέας γέφυρας.")
MIXED = ("In his notes the author wrote the Greek word λόγος beside the English one, and the "
         "reader, who knew no Greek, understood the whole paragraph only from the English words "
         "around it and from the long commentary that followed at the end of the book.")


def languages():
    path = write("scripts.txt", "\n\n".join([ENGLISH, RUSSIAN, ENGLISH, GREEK, MIXED]) + "\n")
    outputs = set()
    for _ in range(6):
        p = run("segment", "--json", path)
        outputs.add(p.stdout)
    check(len(outputs) == 1, f"{len(outputs)} different answers for the same text")
    paras = json.loads(sorted(outputs)[0])["paragraphs"]
    got = [para.get("lang") for para in paras]
    check(got[1:2] == ["ru"] and got[3:4] == ["el"] and got[0] == got[2] == got[4],
          f"languages by paragraph: {got}")
    # A short text in one script, with a URL in another: the same answer on every run.
    kk = write("kk.txt", "Владимир Федосеев: Аттар магиясы енді жоқ "
                         "http://www.vremya.ru/2003/179/10/80980.html\n")
    answers = {run("segment", "--json", kk).stdout for _ in range(8)}
    check(len(answers) == 1, f"short Kazakh text: {len(answers)} different answers")


def main():
    sample = large_text()
    nul_bytes(sample)
    size_differs()
    white_space()
    languages()
    finish()


main()
