"""Driving the real lector binary in tmux for the terminal tests (python3 stdlib only).

Each Session has its own tmux server socket and scratch directory (XDG dirs, trace, log), so
tests never share state or touch the user's files. Everything waits by polling the screen or
the trace with a generous deadline; nothing sleeps a fixed time to let lector "catch up".
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

DEADLINE = 20.0
POLL = 0.05

LECTOR = os.environ.get("LECTOR", "")
SOURCE_DIR = os.environ.get("LECTOR_SOURCE_DIR", os.getcwd())
SAMPLE = os.path.join(SOURCE_DIR, "samples", "online-safety.txt")
_counter = 0


def skip(why):
    print("SKIP:", why)
    sys.exit(77)


def require_tools():
    if not LECTOR or not os.access(LECTOR, os.X_OK):
        skip("LECTOR is not set to the built binary")
    if shutil.which("tmux") is None:
        skip("tmux is not installed")


def scratch_dir(name):
    base = os.environ.get("LECTOR_TEST_TMP") or tempfile.gettempdir()
    os.makedirs(base, exist_ok=True)
    return tempfile.mkdtemp(prefix=name + "-", dir=base)


def segment(path, *extra):
    """The paragraphs of a document as lector reads them: a list of lists of sentences."""
    out = subprocess.run([LECTOR, "segment", *extra, path], check=True, capture_output=True,
                         text=True).stdout
    paras, cur = [], []
    for line in out.split("\n"):
        if line == "":
            if cur:
                paras.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        paras.append(cur)
    return paras


def sentence_list(paras):
    """[(paragraph, sentence_in_paragraph, text)] in reading order, 0-based."""
    return [(p, i, text) for p, sentences in enumerate(paras) for i, text in enumerate(sentences)]


def search(paras, current, needle):
    """Where / must go: the first sentence after `current` (global index), wrapping round,
    whose text holds needle ignoring case and whitespace; None when none does."""
    flat = sentence_list(paras)
    want = normalise(needle).casefold()
    for k in range(1, len(flat) + 1):
        g = (current + k) % len(flat)
        if want in normalise(flat[g][2]).casefold():
            return g
    return None


class Failure(Exception):
    pass


class Session:
    """One lector process in a detached tmux session of its own server."""

    def __init__(self, tmp, width=100, height=30):
        global _counter
        _counter += 1
        self.tmp = tmp
        self.width, self.height = width, height
        self.socket = "lector-test-%d-%d" % (os.getpid(), _counter)
        self.trace_path = os.path.join(tmp, "trace-%d.jsonl" % _counter)
        self.exit_path = os.path.join(tmp, "exit-%d" % _counter)
        self.log_path = os.path.join(tmp, "log-%d" % _counter)
        self.started = False

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              check=check, capture_output=True, text=True)

    def start(self, args, env=None, stdin_file=None, trace=True, pipe_to=None):
        """Runs lector with args; the shell writes EXIT=<status> when it ends, then waits so that
        the screen it left can still be read."""
        environment = {
            "XDG_STATE_HOME": os.path.join(self.tmp, "state"),
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME") or os.path.join(self.tmp, "cache"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "LECTOR_LOG": self.log_path,
        }
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "NO_AT_BRIDGE"):
            if name in os.environ:
                environment[name] = os.environ[name]
        environment.update(env or {})
        argv = [LECTOR] + (["--trace", self.trace_path] if trace else []) + list(args)
        # NO_COLOR of the person running the tests must not leak in; a test sets it on purpose.
        cmd = "env -u NO_COLOR " + " ".join(
            shlex.quote("%s=%s" % kv) for kv in environment.items())
        cmd += " " + " ".join(shlex.quote(a) for a in argv)
        if stdin_file:
            cmd += " < " + shlex.quote(stdin_file)
        if pipe_to:
            # The status is lector's, not the pipe's: sh has no pipefail, so it goes via a file.
            cmd = "{ %s; echo $? > %s.rc; } | %s; exit $(cat %s.rc)" % (
                cmd, shlex.quote(self.exit_path), pipe_to, shlex.quote(self.exit_path))
            cmd = "sh -c " + shlex.quote(cmd)
        # The shell survives a Ctrl-C meant for lector (a trap, unlike an ignored signal, is not
        # inherited), writes lector's status and stays, so that the screen can still be read.
        script = "trap : INT; %s; echo EXIT=$? > %s; exec sleep 3600" % (
            cmd, shlex.quote(self.exit_path))
        self.tmux("new-session", "-d", "-x", str(self.width), "-y", str(self.height),
                  "sh -c " + shlex.quote(script))
        self.started = True
        return self

    def close(self):
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False
        # tmux leaves its socket file behind; it is ours alone.
        sock = os.path.join(os.environ.get("TMUX_TMPDIR") or "/tmp", "tmux-%d" % os.getuid(),
                            self.socket)
        try:
            os.unlink(sock)
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- the screen -------------------------------------------------------------------------

    def screen(self, escapes=False):
        args = ["capture-pane", "-p"] + (["-e"] if escapes else [])
        r = self.tmux(*args, check=False)
        if r.returncode != 0:
            raise Failure("the tmux session is gone: %s\n%s" % (r.stderr.strip(), self.log_tail()))
        return r.stdout

    def cursor(self):
        x, y = self.tmux("display", "-p", "#{cursor_x} #{cursor_y}").stdout.split()
        return int(x), int(y)

    def title(self):
        return self.tmux("display", "-p", "#{pane_title}").stdout.strip()

    def wait_for(self, what, timeout=DEADLINE, escapes=False):
        """Waits until the screen matches `what` (a regular expression, or a function of the
        screen text returning a true value). Returns the screen (or the match)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen(escapes)
            found = what(text) if callable(what) else re.search(what, text)
            if found:
                return found
            if time.monotonic() > deadline:
                raise Failure("screen never showed %r; it shows:\n%s\n%s" %
                              (what, text, self.log_tail()))
            time.sleep(POLL)

    def wait_settled(self, what, timeout=DEADLINE):
        """Like wait_for, but returns the screen only once it matches and a capture a poll later
        is the same: tmux may show a large redraw (a help page) half applied."""
        deadline = time.monotonic() + timeout
        previous = None
        while True:
            text = self.screen()
            found = what(text) if callable(what) else re.search(what, text)
            if found and text == previous:
                return text
            previous = text if found else None
            if time.monotonic() > deadline:
                raise Failure("screen never settled on %r; it shows:\n%s\n%s" %
                              (what, text, self.log_tail()))
            time.sleep(POLL)

    def highlighted(self, attribute=7):
        """The text drawn with an SGR attribute (7: reverse video, 4: underline), screen lines
        joined by a space, read from capture-pane -e. Colour alone never counts."""
        return highlighted_text(self.screen(escapes=True), attribute)

    def status(self):
        for line in self.screen().split("\n"):
            if re.search(r"(Playing|Paused|Finished), paragraph", line):
                return line
        return ""

    # ---- keys -------------------------------------------------------------------------------

    def keys(self, *keys):
        self.tmux("send-keys", *keys)

    def type(self, text):
        self.tmux("send-keys", "-l", text)

    def resize(self, width, height):
        self.tmux("resize-window", "-x", str(width), "-y", str(height))

    # ---- trace and exit ---------------------------------------------------------------------

    def trace(self):
        try:
            with open(self.trace_path, encoding="utf-8") as f:
                lines = f.read().split("\n")
        except FileNotFoundError:
            return []
        events = []
        for line in lines:
            if line.strip():
                try:
                    events.append(json.loads(line))
                except json.JSONDecodeError:
                    pass   # a line still being written
        return events

    def wait_trace(self, pred, timeout=DEADLINE, what="event"):
        deadline = time.monotonic() + timeout
        while True:
            events = self.trace()
            hits = [e for e in events if pred(e)]
            if hits:
                return hits
            if time.monotonic() > deadline:
                raise Failure("trace never had %s; last events: %s\n%s" %
                              (what, events[-8:], self.log_tail()))
            time.sleep(POLL)

    def exit_status(self, timeout=DEADLINE):
        deadline = time.monotonic() + timeout
        while True:
            try:
                with open(self.exit_path) as f:
                    text = f.read()
                if text.startswith("EXIT=") and text.endswith("\n"):
                    return int(text[5:])
            except FileNotFoundError:
                pass
            if time.monotonic() > deadline:
                raise Failure("lector did not exit; the screen shows:\n%s\n%s" %
                              (self.screen(), self.log_tail()))
            time.sleep(POLL)

    def log_tail(self):
        try:
            with open(self.log_path, errors="replace") as f:
                text = f.read()
        except FileNotFoundError:
            return "(lector wrote nothing on stderr)"
        return "stderr of lector:\n" + text[-3000:]

    def quit(self):
        """q, then the exit status (asserted 0 by the caller)."""
        self.keys("q")
        return self.exit_status()


_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def highlighted_text(screen, attribute=7):
    off = {7: "27", 4: "24", 1: "22"}[attribute]
    runs = []
    on = False
    for line in screen.split("\n"):
        pieces = []
        pos = 0
        for m in _SGR.finditer(line):
            if on:
                pieces.append(line[pos:m.start()])
            for param in (m.group(1) or "0").split(";"):
                if param in ("", "0") or param == off:
                    on = False
                elif param == str(attribute):
                    on = True
            pos = m.end()
        if on:
            pieces.append(line[pos:])
        text = "".join(pieces)
        if text.strip():
            runs.append(text.strip())
        # An attribute stays on across the end of a line: tmux only writes changes.
    return " ".join(runs)


def colours_used(screen):
    """SGR colour parameters in capture-pane -e output, other than the defaults (39, 49)."""
    found = set()
    for m in _SGR.finditer(screen):
        for p in (m.group(1) or "0").split(";"):
            if p.isdigit() and (30 <= int(p) <= 38 or 40 <= int(p) <= 48 or 90 <= int(p) <= 107):
                found.add(p)
    return found


def normalise(text):
    return " ".join(text.split())


def expect(cond, message):
    if not cond:
        raise Failure(message)


def run(tests):
    """Runs the test functions in order, each with a fresh scratch dir; exit status for ctest."""
    require_tools()
    failed = 0
    for test in tests:
        tmp = scratch_dir(test.__name__)
        started = time.monotonic()
        try:
            test(tmp)
        except Failure as e:
            failed += 1
            print("FAIL %s: %s" % (test.__name__, e))
            continue
        print("ok   %s (%.1f s)" % (test.__name__, time.monotonic() - started))
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0
