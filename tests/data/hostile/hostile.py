"""Hostile inputs and the checks every lector command must pass on them.

Shared by tests/cli/hostile_*.py (not a test itself). Inputs are generated at test time in a
scratch directory; each case runs lector under `timeout` and /usr/bin/time and must end in
  - exit 0, with stderr holding only "lector: warning: ..." lines, and sensible output, or
  - exit 1, with exactly one line "lector: ..." on stderr,
never a signal, a timeout, a sanitizer report (ASan exit code 86), and with a peak RSS below a
bound relative to the input size.
"""
import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import unicodedata

# Generous: this is a hang detector, not a speed test (ASan on a shared 2-core machine).
TIMEOUT_S = int(os.environ.get("LECTOR_HOSTILE_TIMEOUT", "600"))
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "ThreadSanitizer", "runtime error:", "MemorySanitizer")
MB = 1024 * 1024
# The memory bound of every case: a fixed part (the binary under ASan, espeak-ng's data, ICU and
# the language detector's fingerprints: about 9 MB of it) and 20 bytes per input byte, which is
# what hostile input tests.
FIXED_RSS = 80 * MB


def skip(why):
    print("SKIP:", why)
    sys.exit(77)


def scratch(prefix):
    """A fresh directory inside $LECTOR_TEST_TMP, searchable by everyone (see unreadable())."""
    base = os.environ.get("LECTOR_TEST_TMP") or tempfile.gettempdir()
    os.makedirs(base, exist_ok=True)
    d = tempfile.mkdtemp(prefix=prefix, dir=base)
    os.chmod(d, 0o755)
    return d


def lector_binary():
    exe = os.environ.get("LECTOR")
    if not exe or not os.access(exe, os.X_OK):
        skip("LECTOR is not set to the built binary")
    return exe


# No run may take more than this, whatever the bound of its case: a runaway must not take the
# shared machine down with it (ASan kills the process itself; other builds get RLIMIT_AS).
HARD_RSS_MB = 2048


# scripts/check-memory runs lector inside valgrind: its memory is valgrind's, not lector's.
UNDER_VALGRIND = os.environ.get("LECTOR_TEST_UNDER_VALGRIND") == "1"


def is_asan(exe):
    with open(exe, "rb") as f:
        return b"__asan_init" in f.read()


def env_for_tests(home):
    """The test environment, with config/state in a private home and a small ASan quarantine
    (the memory bound is about lector, not about ASan keeping freed blocks)."""
    env = dict(os.environ)
    asan = env.get("ASAN_OPTIONS", "exitcode=86")
    env["ASAN_OPTIONS"] = asan + ":quarantine_size_mb=16:hard_rss_limit_mb=%d" % HARD_RSS_MB
    env["HOME"] = home
    env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    env["XDG_STATE_HOME"] = os.path.join(home, "state")
    env["XDG_DATA_HOME"] = os.path.join(home, "data")
    env.pop("DISPLAY", None)
    return env


# ---------------------------------------------------------------------------------------------
# Inputs. Each is (name, path, size_in_bytes_for_the_memory_bound, check) where check is
# "words" (the words of the input come out unchanged), "paragraphs:N", "unicode" (the text comes
# out, modulo normalisation and invisible characters), "must:TEXT" (TEXT comes out), "some:TEXT"
# (TEXT comes out, or a clean exit 1), "empty-or-error", "bounded-or-error" (no expansion).
# For the first four, exit 1 is a failure: the input is a valid text.
VALID_TEXT_CHECKS = ("words", "paragraphs:", "unicode", "must:")

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
UNICODE_TEXT = (
    "Emoji: the cat \U0001F431 sat on the mat \U0001F600 and the flag \U0001F1EC\U0001F1E7 waved.\n\n"
    "Combining marks: cafe\u0301 na\u0308ive Zo\u0308e and a\u0300\u0301\u0302\u0303\u0304 stacked.\n\n"
    "Right to left: \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd and \u0645\u0631\u062d\u0628\u0627 "
    "\u0628\u0627\u0644\u0639\u0627\u0644\u0645 with \u202emarks\u202c inside.\n\n"
    "Zero width: join\u200bed wo\u200crds and \u200dhidden\u2060 bits\ufeff here.\n")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def make_inputs(d, scale=1.0):
    """All hostile files in d. scale < 1 shrinks the big ones (for export, which speaks them)."""
    n_line = max(1000, int(5 * MB * scale))
    n_word = max(1000, int(1 * MB * scale))
    n_par = max(100, int(100000 * scale))
    inputs = []

    def add(name, data, check, ext=".txt"):
        p = write(os.path.join(d, name + ext), data)
        inputs.append((name, p, len(data), check))

    add("empty", b"", "empty-or-error")
    add("whitespace", b" \t\n\r\n   \n\n\t\x0b\x0c \n", "empty-or-error")
    add("nul_bytes", b"Hello\0world. Second sentence here.\n\0\0\0\nThird one.\n", "some:Second")
    add("truncated_utf8", b"The caf\xc3 is closed. The na\xc3ve plan \xe2\x82 works well.\n"
        b"Last word \xf0\x9f\x98", "some:closed")
    add("overlong_utf8", b"Slash \xc0\xaf and \xe0\x80\xaf and \xf0\x80\x80\xaf, a surrogate "
        b"\xed\xa0\x80 and \xf8\x88\x80\x80\x80 and \xff\xfe bytes. Still readable here.\n",
        "some:readable")
    add("bom_only", b"\xef\xbb\xbf", "empty-or-error")
    add("utf16_odd_length", b"\xff\xfeH\0i\0.\0 \0O\0k\0.\0x", "some:Ok")
    add("utf16_lone_surrogate", b"\xff\xfeA\0 \0\x00\xd8B\0 \0w\0o\0r\0d\0.\0\n\0",
        "some:word")
    add("cr_only", b"Line one.\rLine two.\r\rSecond paragraph here.\r", "must:Second paragraph")
    add("control_chars", b"Bell\x07 and escape \x1b[2J\x1b]0;title\x07 and back\x08space here.\n"
        b"Form\x0cfeed and \x7f delete.\n", "some:space here")
    filler = b"This is an ordinary sentence of an ordinary article. " * 6
    add("control_sparse", filler + b"Clear \x1b[2J screen.\n\n" + filler +
        b"Title \x1b]0;pwned\x07 here, a bell\x07, back\x08space and \xc2\x9b CSI.\n",
        "must:ordinary article")
    line = b"word " * (n_line // 5)
    add("long_line", line + b"\n", "words")
    add("long_word", b"a" * n_word + b"\n", "words")
    add("many_paragraphs", b"".join(b"word%d\n\n" % (i % 10) for i in range(n_par)),
        "paragraphs:%d" % n_par)
    add("unicode", UNICODE_TEXT.encode(), "unicode")
    depth = 10000
    nested = (b"<!DOCTYPE html><html><body>" + b"<div>" * depth + b"deep text here." +
              b"</div>" * depth + b"</body></html>\n")
    add("nested", nested, "must:deep text here", ".html")
    nested_unclosed = b"<html><body>" + b"<b><i>" * depth + b"open ended text."
    add("nested_unclosed", nested_unclosed, "must:open ended text", ".html")
    # Old pages never close <font>: the text after 256 of them used to vanish without a word.
    fonts = (b"<html><body><p>Intro text here.</p>" + b"<font size=2>" * 300 +
             b"<p>Old page text.</p></body></html>\n")
    add("unclosed_fonts", fonts, "must:Old page text.", ".html")
    bomb = [b'<?xml version="1.0"?>', b"<!DOCTYPE lolz [", b' <!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = b"lol" if i == 1 else b"lol%d" % (i - 1)
        bomb.append(b' <!ENTITY lol%d "%s">' % (i, (b"&" + prev + b";") * 10))
    bomb += [b"]>", b"<html><body><p>Boom &lol9; done.</p></body></html>"]
    add("entity_bomb", b"\n".join(bomb) + b"\n", "bounded-or-error", ".html")
    return inputs


def make_fifo(d, text):
    """A FIFO plus a thread that writes text into it once a reader opens it."""
    p = os.path.join(d, "fifo.txt")
    os.mkfifo(p)

    def feed():
        with open(p, "wb") as f:   # blocks until lector opens the FIFO
            f.write(text)

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    return p, t


def unfeed_fifo(p):
    """Unblocks a feeder thread whose reader never came (opening for reading releases it)."""
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


def unreadable_runner(d):
    """How to run lector against a file it may not read: as root, mode 000 does not stop us, so
    run lector as nobody with setpriv. Returns (path, prefix argv) or (None, reason)."""
    p = write(os.path.join(d, "unreadable.txt"), b"You may not read this.\n")
    os.chmod(p, 0)
    if os.geteuid() != 0:
        return p, []
    if not shutil.which("setpriv"):
        return None, "running as root and setpriv is missing"
    exe = lector_binary()
    # nobody must be able to reach the binary and the directory; else the case proves nothing.
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            "test", "-x", exe, "-a", "-x", d], capture_output=True)
    if probe.returncode != 0:
        return None, "running as root and nobody cannot reach the build tree"
    return p, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


# ---------------------------------------------------------------------------------------------
# Running and judging.

class Result:
    def __init__(self, rc, out, err, rss_kb, timed_out, limit):
        self.rc, self.out, self.err, self.rss_kb, self.timed_out = rc, out, err, rss_kb, timed_out
        self.limit = limit


def run(argv, env, prefix=(), cwd=None, timeout=None):
    """Runs lector argv (without the binary) under timeout and /usr/bin/time."""
    timeout = timeout or TIMEOUT_S
    exe = lector_binary()
    fd, timef = tempfile.mkstemp(prefix="time", dir=cwd or None)
    os.close(fd)
    os.chmod(timef, 0o666)
    cmd = list(prefix) + ["/usr/bin/time", "-f", "%M", "-o", timef,
                          "timeout", "-k", "10", str(timeout), exe] + list(argv)
    limit = None
    if not is_asan(exe) and not UNDER_VALGRIND:
        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (4 * HARD_RSS_MB * MB, 4 * HARD_RSS_MB * MB))
    p = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, cwd=cwd,
                       preexec_fn=limit)
    rss_kb = None
    try:
        with open(timef) as f:
            for line in f:
                line = line.strip()
                if line.isdigit():
                    rss_kb = int(line)
    finally:
        os.unlink(timef)
    # timeout exits 124 when the limit struck (SIGTERM, then SIGKILL 10 s later if need be).
    timed_out = p.returncode == 124
    return Result(p.returncode, p.stdout, p.stderr, rss_kb, timed_out, timeout)


class Judge:
    def __init__(self, command):
        self.command = command
        self.failures = []
        self.summary = []

    def fail(self, case, why, res=None):
        msg = "%s %s: %s" % (self.command, case, why)
        if res is not None:
            msg += "\n    exit %s, stderr: %r" % (res.rc, res.err[-600:])
        self.failures.append(msg)

    def judge(self, case, res, input_size, mem_extra=0):
        """The rules common to every case. Returns True when the exit status is 0 and the output
        should be checked further, False when it was a clean failure or a broken rule."""
        err = res.err.decode("utf-8", "replace")
        rss = "?" if res.rss_kb is None else "%d MB" % (res.rss_kb // 1024)
        self.summary.append("%-18s exit %-3s peak %s" % (case, res.rc, rss))
        if res.timed_out:
            self.fail(case, "still running after %d s (hang?)" % res.limit, res)
            return False
        if any(m in err for m in SANITIZER_MARKS) or res.rc == 86:
            self.fail(case, "sanitizer report", res)
            return False
        if res.rc < 0 or res.rc >= 128:
            self.fail(case, "killed by a signal", res)
            return False
        bound_kb = (FIXED_RSS + 20 * input_size + mem_extra) // 1024
        if res.rss_kb is not None and res.rss_kb > bound_kb and not UNDER_VALGRIND:
            self.fail(case, "peak RSS %d kB above the bound %d kB" % (res.rss_kb, bound_kb), res)
        # stderr is usually a terminal: nothing from the input may reach it as a control code.
        controls = sorted({"0x%02x" % b for b in res.err if (b < 0x20 and b not in (9, 10))
                           or b == 0x7f})
        if controls:
            self.fail(case, "control characters on stderr: %s" % " ".join(controls), res)
        lines = err.rstrip("\n").split("\n") if err else []
        if res.rc == 1:
            if len(lines) != 1 or not lines[0].startswith("lector: "):
                self.fail(case, "exit 1 must come with exactly one 'lector: ...' line", res)
            return False
        if res.rc != 0:
            self.fail(case, "exit status %d" % res.rc, res)
            return False
        for line in lines:
            if not line.startswith("lector: warning: "):
                self.fail(case, "exit 0 with stderr line %r" % line[:200], res)
                break
        return True

    def expect(self, case, cond, why, res=None):
        if not cond:
            self.fail(case, why, res)

    def finish(self):
        for line in self.summary:
            print(line)
        if self.failures:
            print("\n%d failure(s):" % len(self.failures))
            for f in self.failures:
                print(" -", f)
            sys.exit(1)
        print("all cases passed")
        sys.exit(0)


def visible(s):
    """Text as a listener gets it: NFC, no format characters (zero-width, bidi marks), no
    whitespace."""
    s = unicodedata.normalize("NFC", s)
    return "".join(c for c in s if not c.isspace() and unicodedata.category(c) != "Cf")
