"""`lector segment` on hostile input (issue 6): empty, NUL bytes, broken UTF-8, a 5 MB line, a 1 MB
word, 100,000 paragraphs, emoji/combining/RTL/zero-width text, deeply nested HTML, an entity
bomb, a directory, a FIFO, /dev/zero and an unreadable file. Each run must exit 0 with sensible
output or 1 with one line, without a signal, hang, sanitizer report or unbounded memory."""
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.environ.get("LECTOR_SOURCE_DIR", "."), "tests/data/hostile"))
import hostile  # noqa: E402

MAX_SENTENCE = 400   # SEGMENT_MAX_SENTENCE_BYTES


def main():
    hostile.lector_binary()
    d = hostile.scratch("hostile_segment.")
    env = hostile.env_for_tests(d)
    judge = hostile.Judge("segment")

    def check_output(case, path, check, res):
        try:
            out = res.out.decode("utf-8")
        except UnicodeDecodeError as e:
            judge.fail(case, "output is not valid UTF-8: %s" % e)
            return
        judge.expect(case, "\0" not in out, "output holds a NUL byte")
        # The output may go to a terminal: no control character but the line feed.
        bad = sorted({"U+%04X" % ord(c) for c in out
                      if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f})
        judge.expect(case, not bad, "control characters in the output: %s" % ", ".join(bad))
        for line in out.split("\n"):
            if len(line.encode()) > MAX_SENTENCE:
                judge.fail(case, "a sentence of %d bytes (limit %d)" % (len(line.encode()),
                                                                         MAX_SENTENCE))
                break
        with open(path, "rb") as f:
            src = f.read().decode("utf-8", "replace")
        if check == "empty-or-error":
            judge.expect(case, out.strip() == "", "text from an input without any: %r" % out[:80])
        elif check == "words":
            judge.expect(case, out.split() and "".join(out.split()) == "".join(src.split()),
                         "the words of the input do not come out unchanged")
        elif check.startswith("paragraphs:"):
            want = int(check.split(":")[1])
            got = len([p for p in out.split("\n\n") if p.strip()])
            judge.expect(case, got == want, "%d paragraphs instead of %d" % (got, want))
        elif check == "unicode":
            judge.expect(case, hostile.visible(out) == hostile.visible(hostile.UNICODE_TEXT),
                         "emoji, marks or right-to-left text lost or altered: %r" % out[:300])
        elif check.startswith("some:") or check.startswith("must:"):
            judge.expect(case, check[5:] in out, "%r missing from %r" % (check[5:], out[:200]))
        elif check == "bounded-or-error":
            judge.expect(case, len(res.out) < 64 * 1024,
                         "entity expansion: %d bytes of output" % len(res.out))
            judge.expect(case, "lollollol" not in out, "entities were expanded")

    for case, path, size, check in hostile.make_inputs(d):
        res = hostile.run(["segment", path], env)
        if judge.judge(case, res, size):
            check_output(case, path, check, res)
        elif res.rc == 1 and check.startswith(hostile.VALID_TEXT_CHECKS):
            judge.fail(case, "refused a valid text", res)
        # Small inputs also through --json (offsets) and --speech (normalised text).
        if size < 200000:
            res = hostile.run(["segment", "--json", path], env)
            if judge.judge(case + " --json", res, size):
                try:
                    doc = json.loads(res.out.decode("utf-8"))
                    for para in doc["paragraphs"]:
                        for s in para["sentences"]:
                            if not 0 <= s["start"] < s["end"]:
                                judge.fail(case + " --json", "bad span %r" % s)
                except (ValueError, KeyError, TypeError) as e:
                    judge.fail(case + " --json", "not the JSON of DESIGN.md: %s" % e)
            res = hostile.run(["segment", "--speech", path], env)
            if judge.judge(case + " --speech", res, size):
                try:
                    res.out.decode("utf-8")
                except UnicodeDecodeError:
                    judge.fail(case + " --speech", "speech text is not valid UTF-8")

    # A directory: an error naming it.
    res = hostile.run(["segment", d], env)
    if judge.judge("directory", res, 0):
        judge.fail("directory", "exit 0 for a directory")

    # A FIFO is legitimate (like stdin): the text written into it is read.
    fifo, feeder = hostile.make_fifo(d, b"One from a pipe. Two from a pipe.\n")
    res = hostile.run(["segment", fifo], env)
    hostile.unfeed_fifo(fifo)
    feeder.join(5)
    if judge.judge("fifo", res, 0):
        judge.expect("fifo", res.out == b"One from a pipe.\nTwo from a pipe.\n",
                     "FIFO text not read as written: %r" % res.out[:200])
    os.unlink(fifo)

    # Empty standard input (/dev/null).
    res = hostile.run(["segment", "-"], env)
    if judge.judge("stdin-empty", res, 0):
        judge.expect("stdin-empty", res.out.strip() == b"", "text from empty standard input")

    # /dev/zero: endless NUL bytes. It must stop (not text, or too big) with bounded memory.
    res = hostile.run(["segment", "/dev/zero"], env)
    if judge.judge("/dev/zero", res, 0, mem_extra=448 * hostile.MB):
        judge.fail("/dev/zero", "exit 0 for endless NUL bytes")

    # An unreadable file.
    path, prefix = hostile.unreadable_runner(d)
    if path is None:
        print("unreadable file case skipped: %s" % prefix)
    else:
        res = hostile.run(["segment", path], env, prefix=prefix)
        if judge.judge("unreadable", res, 0):
            judge.fail("unreadable", "exit 0 for a file that may not be read")
        else:
            judge.expect("unreadable", b"Permission denied" in res.err,
                         "the reason is not given", res)
        os.chmod(path, 0o600)

    shutil.rmtree(d, ignore_errors=True)
    judge.finish()


main()
