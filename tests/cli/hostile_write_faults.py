"""Faults while writing an export (issue 6, item 4): a file-size limit (`ulimit -f`, i.e. a disk
that fills up), the output directory removed mid-export, and Ctrl-C (SIGINT) mid-export. Each
must end in a failure with the reason on one line, no partial file (temporary or final), and an
existing file of the same name untouched. SIGXFSZ is left at its default here (as in a shell),
so a lector that does not ignore it dies of it and fails the test."""
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("LECTOR_SOURCE_DIR", "."), "tests/data/hostile"))
import hostile  # noqa: E402

PRECIOUS = b"an existing file that must survive\n"
DEADLINE_S = 300   # generous: only to turn a hang into a failure


def main():
    exe = hostile.lector_binary()
    d = hostile.scratch("hostile_write.")
    env = hostile.env_for_tests(d)
    probe = subprocess.run([exe, "export", "-q", "/dev/null", "-o", os.path.join(d, "p.wav")],
                           env=env, capture_output=True)
    if b"not available yet" in probe.stderr:
        hostile.skip("lector export is not there yet")

    src = os.path.join(os.environ.get("LECTOR_SOURCE_DIR", "."), "samples", "online-safety.txt")
    with open(src, "rb") as f:
        article = f.read()
    # A longer text (about 20 minutes of audio) keeps an export busy long enough to interrupt.
    long_text = os.path.join(d, "long.txt")
    with open(long_text, "wb") as f:
        f.write(b"\n\n".join([article] * 4))

    failures = []

    def fail(case, why, out=None, err=None, rc=None):
        msg = "%s: %s" % (case, why)
        if rc is not None:
            msg += " (exit %s, stderr %r)" % (rc, (err or b"")[-500:])
        failures.append(msg)

    def leftovers(outdir, allowed=()):
        return sorted(f for f in os.listdir(outdir) if f not in allowed)

    def one_line(err):
        lines = err.decode("utf-8", "replace").splitlines()
        return len(lines) == 1 and lines[0].startswith("lector: ")

    def sane(case, rc, err):
        text = err.decode("utf-8", "replace")
        if rc == 86 or any(m in text for m in hostile.SANITIZER_MARKS):
            fail(case, "sanitizer report", rc=rc, err=err)
            return False
        return True

    # --- 1. File-size limit (64 KiB; the article is about 13 MB of WAV). ---
    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    for force, existing in ((False, False), (True, True)):
        case = "ulimit -f%s" % (" over an existing file (-f)" if existing else "")
        outdir = os.path.join(d, "fsize%d" % force)
        os.mkdir(outdir)
        wav = os.path.join(outdir, "out.wav")
        if existing:
            with open(wav, "wb") as f:
                f.write(PRECIOUS)
        argv = [exe, "export", "-q", "-j", "2", src, "-o", wav] + (["-f"] if force else [])
        p = subprocess.run(argv, env=env, capture_output=True, preexec_fn=limited,
                           timeout=DEADLINE_S)
        if not sane(case, p.returncode, p.stderr):
            continue
        if p.returncode == -signal.SIGXFSZ or p.returncode == 128 + signal.SIGXFSZ:
            fail(case, "killed by SIGXFSZ (lector must ignore it and handle EFBIG)",
                 rc=p.returncode, err=p.stderr)
        elif p.returncode != 1 or not one_line(p.stderr):
            fail(case, "expected exit 1 with one line", rc=p.returncode, err=p.stderr)
        elif b"File too large" not in p.stderr:
            fail(case, "the reason (File too large) is not given", rc=p.returncode, err=p.stderr)
        left = leftovers(outdir, ("out.wav",) if existing else ())
        if left:
            fail(case, "partial files left: %r" % left)
        if existing:
            with open(wav, "rb") as f:
                if f.read() != PRECIOUS:
                    fail(case, "the existing file was changed")
        elif os.path.exists(wav):
            fail(case, "a partial out.wav was left")
        print("%s: exit %d, %r" % (case, p.returncode, p.stderr.strip()[:120]))

    # --- 2 and 3: interrupt a running export once its temporary file exists. ---
    def start_and_wait_for_temp(outdir, wav, force):
        argv = [exe, "export", "-q", "-j", "2", long_text, "-o", wav] + (["-f"] if force else [])
        p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline and p.poll() is None:
            if any(".lector-" in f for f in os.listdir(outdir)):
                return p, True
            time.sleep(0.005)
        return p, False

    # 2. The output directory disappears mid-export.
    case = "output directory removed"
    outdir = os.path.join(d, "vanishing")
    os.mkdir(outdir)
    wav = os.path.join(outdir, "out.wav")
    p, running = start_and_wait_for_temp(outdir, wav, False)
    if running:
        shutil.rmtree(outdir)
        out, err = p.communicate(timeout=DEADLINE_S)
        if sane(case, p.returncode, err):
            if p.returncode != 1 or not one_line(err):
                fail(case, "expected exit 1 with one line", rc=p.returncode, err=err)
            if os.path.exists(outdir):
                fail(case, "the removed directory came back: %r" % os.listdir(outdir))
        print("%s: exit %d, %r" % (case, p.returncode, err.strip()[:120]))
    else:
        p.communicate(timeout=DEADLINE_S)
        print("%s: not run (the export ended before its temporary file was seen)" % case)

    # 3. Ctrl-C (SIGINT) mid-export, over an existing file with -f.
    case = "SIGINT"
    outdir = os.path.join(d, "interrupted")
    os.mkdir(outdir)
    wav = os.path.join(outdir, "out.wav")
    with open(wav, "wb") as f:
        f.write(PRECIOUS)
    p, running = start_and_wait_for_temp(outdir, wav, True)
    if running:
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=DEADLINE_S)
        if sane(case, p.returncode, err):
            # Exit 1 (failure), 130 (interrupted) or death by SIGINT after cleaning up.
            if p.returncode not in (1, 130, -signal.SIGINT):
                fail(case, "unexpected exit status", rc=p.returncode, err=err)
            if len(err.splitlines()) > 1:
                fail(case, "more than one line on stderr", rc=p.returncode, err=err)
            left = leftovers(outdir, ("out.wav",))
            if left:
                fail(case, "partial files left: %r" % left)
            with open(wav, "rb") as f:
                if f.read() != PRECIOUS:
                    fail(case, "the existing file was changed")
        print("%s: exit %d, %r" % (case, p.returncode, err.strip()[:120]))
    else:
        p.communicate(timeout=DEADLINE_S)
        print("%s: not run (the export ended before its temporary file was seen)" % case)

    shutil.rmtree(d, ignore_errors=True)
    if failures:
        print("\n%d failure(s):" % len(failures))
        for f in failures:
            print(" -", f)
        sys.exit(1)
    print("all cases passed")


main()
