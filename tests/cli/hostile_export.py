"""`lector export` on hostile input (issue 6): the inputs of hostile_segment (the big ones shrunk,
since every word is spoken), a directory, a FIFO, /dev/zero and an unreadable file. Exit 0 must
leave a WAV that decodes (soxi) with audio in it; exit 1 one line and no output file, temporary
or not. Never a signal, a hang, a sanitizer report or unbounded memory."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("LECTOR_SOURCE_DIR", "."), "tests/data/hostile"))
import hostile  # noqa: E402


def soxi(path, flag):
    p = subprocess.run(["soxi", flag, path], capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else None


def main():
    exe = hostile.lector_binary()
    if not shutil.which("soxi"):
        hostile.skip("soxi (sox) is not installed")
    d = hostile.scratch("hostile_export.")
    env = hostile.env_for_tests(d)
    probe = subprocess.run([exe, "export", "-q", "/dev/null", "-o", os.path.join(d, "p.wav")],
                           env=env, capture_output=True)
    if b"not available yet" in probe.stderr:
        hostile.skip("lector export is not there yet")

    out = os.path.join(d, "out")
    os.mkdir(out)
    judge = hostile.Judge("export")

    def export(case, path, size, prefix=(), timings=False):
        wav = os.path.join(out, case + ".wav")
        argv = ["export", "-q", "-j", "2", path, "-o", wav]
        if timings:
            argv += ["--timings", os.path.join(out, case + ".json")]
        res = hostile.run(argv, env, prefix=prefix)
        ok = judge.judge(case, res, size)
        left = sorted(f for f in os.listdir(out) if not f.startswith(case + "."))
        judge.expect(case, not left, "files left behind: %r" % left)
        mine = sorted(f for f in os.listdir(out) if f.startswith(case + "."))
        if ok:
            judge.expect(case, os.path.exists(wav), "exit 0 without %s" % wav)
            if os.path.exists(wav):
                dur = soxi(wav, "-D")
                judge.expect(case, dur is not None and float(dur) > 0.0,
                             "the WAV does not decode or holds no audio (%r)" % dur)
            if timings:
                try:
                    with open(os.path.join(out, case + ".json"), encoding="utf-8") as f:
                        t = json.load(f)
                    judge.expect(case, t.get("paragraphs"), "timings without paragraphs")
                except (OSError, ValueError) as e:
                    judge.fail(case, "timings not readable JSON: %s" % e)
        else:
            judge.expect(case, not mine, "failed but left %r" % mine)
        for f in mine:
            os.unlink(os.path.join(out, f))
        return res, ok

    # Every word is spoken: the big inputs shrink to a few minutes of audio.
    for case, path, size, check in hostile.make_inputs(os.path.join(d), scale=0.01):
        res, ok = export(case, path, size, timings=case in ("unicode", "nested", "truncated_utf8"))
        if not ok and res.rc == 1 and check.startswith(hostile.VALID_TEXT_CHECKS):
            judge.fail(case, "refused a valid text", res)

    res, ok = export("directory", d, 0)
    judge.expect("directory", not ok, "exit 0 for a directory")

    fifo, feeder = hostile.make_fifo(d, b"One from a pipe. Two from a pipe.\n")
    export("fifo", fifo, 0)
    hostile.unfeed_fifo(fifo)
    feeder.join(5)
    os.unlink(fifo)

    res, ok = export("dev_zero", "/dev/zero", 0)
    judge.expect("dev_zero", not ok, "exit 0 for endless NUL bytes")

    path, prefix = hostile.unreadable_runner(d)
    if path is None:
        print("unreadable file case skipped: %s" % prefix)
    else:
        os.chmod(out, 0o777)   # nobody writes nothing there, but may look
        res, ok = export("unreadable", path, 0, prefix=prefix)
        judge.expect("unreadable", not ok and b"Permission denied" in res.err,
                     "an unreadable file is not refused with its reason", res)
        os.chmod(path, 0o600)

    shutil.rmtree(d, ignore_errors=True)
    judge.finish()


main()
