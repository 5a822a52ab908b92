"""ebook-speaker (Debian's talking-book reader) on a book, for bench/book: open to first audio
and peak memory, measured from outside since it has no trace.

How: ebook-speaker runs in tmux (it needs a terminal) with HOME in a scratch directory, as a
member of the audio group (setpriv; it refuses to start otherwise), with ALSA's default device
set to the null plugin and, through a preloaded shim (ebook_speaker_shim.c), a
/proc/asound/cards that names it (it refuses to start without a sound card), under
`strace --seccomp-bpf -f -tt -e trace=execve,openat` (only those calls stop it). It unpacks the
book with unar, converts it, asks for a sound card (first run: Enter takes the default) and
shows its list of chapters; Enter starts reading, which runs espeak (`-v en`: its default voice
comes from LANG, "C." here) on each phrase into eBook-speaker.wav and plays that with libsox.
Times: "open" is its execve to the list on screen (polled every 20 ms), "first synthesis" and
"first audio" are the first espeak execve and the first opening of eBook-speaker.wav for
playback, counted from the Enter that starts reading; open to first audio is their sum, so
that no key-press delay is counted. Peak: its own VmHWM while reading, and the largest of its
process tree (unar, espeak; strace included) from /usr/bin/time."""
import os
import re
import shlex
import shutil
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
POLL = 0.02


def missing():
    """Why ebook-speaker cannot be measured here, in one line; None when it can."""
    for tool in ("ebook-speaker", "tmux", "strace", "setpriv", "cc", "espeak", "unar"):
        if not shutil.which(tool):
            return "%s is not installed" % tool
    return None


def prepare(tmp):
    shim = os.path.join(tmp, "shim.so")
    r = subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", shim,
                        os.path.join(HERE, "ebook_speaker_shim.c"), "-ldl"],
                       capture_output=True, text=True)
    if r.returncode:
        return None, "the preload shim does not build: " + r.stderr.strip().splitlines()[0]
    cards = os.path.join(tmp, "cards")
    with open(cards, "w") as f:
        f.write(" 0 [Null           ]: Null - Null device\n                      Null device\n")
    conf = os.path.join(tmp, "asound.conf")
    with open(conf, "w") as f:
        f.write("pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
    return {"LD_PRELOAD": shim, "FAKE_ASOUND_CARDS": cards, "ALSA_CONFIG_PATH": conf}, None


class Tmux:
    def __init__(self):
        self.socket = "bench-book-peer-%d" % os.getpid()

    def run(self, *args):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True)

    def screen(self):
        return self.run("capture-pane", "-p").stdout

    def wait(self, pattern, deadline):
        while time.time() < deadline:
            text = self.screen()
            if re.search(pattern, text):
                return text
            time.sleep(POLL)
        return None


def strace_times(log):
    """(start, ebook-speaker's pid, [espeak execve times], [wav opened for reading times])."""
    start = pid = None
    espeak, wav = [], []
    for line in open(log, errors="replace"):
        f = line.split(None, 2)
        if len(f) < 3:
            continue
        h, m, s = f[1].split(":")
        t = int(h) * 3600 + int(m) * 60 + float(s)
        if start is None and 'execve("/usr/bin/ebook-speaker"' in f[2]:
            start, pid = t, int(f[0])
        elif 'execve("/usr/bin/espeak"' in f[2] and "= 0" in f[2]:
            espeak.append(t)
        elif "eBook-speaker.wav" in f[2] and "O_RDONLY" in f[2] and "ENOENT" not in f[2]:
            wav.append(t)
    return start, pid, espeak, wav


def clock(t):
    """Seconds since midnight, local time: strace -tt's clock."""
    lt = time.localtime(t)
    return lt.tm_hour * 3600 + lt.tm_min * 60 + lt.tm_sec + (t % 1)


def vm_hwm(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def measure(book, tmp):
    """A dict of figures (seconds, KiB), or a one-line reason string when it could not run."""
    why = missing()
    if why:
        return why
    os.makedirs(tmp, exist_ok=True)
    env, why = prepare(tmp)
    if why:
        return why
    home = os.path.join(tmp, "home")
    os.makedirs(home, exist_ok=True)
    log, peak_file = os.path.join(tmp, "strace.log"), os.path.join(tmp, "peak")
    cmd = ("cd %s && env HOME=%s TERM=xterm LANG=C.UTF-8 %s /usr/bin/time -f %%M -o %s "
           "setpriv --groups audio strace --seccomp-bpf -f -tt -o %s -e trace=execve,openat "
           "ebook-speaker -i -t %s %s; sleep 600" % (
               shlex.quote(home), shlex.quote(home),
               " ".join(shlex.quote("%s=%s" % kv) for kv in env.items()),
               shlex.quote(peak_file), shlex.quote(log),
               shlex.quote("espeak -f eBook-speaker.txt -w eBook-speaker.wav -v en"),
               shlex.quote(book)))
    tm = Tmux()
    tm.run("new-session", "-d", "-x", "100", "-y", "30", "sh -c " + shlex.quote(cmd))
    try:
        deadline = time.time() + 300
        shown = tm.wait(r"total phrases|Select a soundcard", deadline)
        listed = time.time()
        if shown is None:
            return "ebook-speaker showed no list in 300 s; its screen: " + \
                " ".join(tm.screen().split())[:120]
        if "Select a soundcard" in shown:
            tm.run("send-keys", "Enter")
            tm.wait(r"total phrases", deadline)
        enter = time.time()
        tm.run("send-keys", "Enter")
        while time.time() < deadline and not strace_times(log)[3]:
            time.sleep(POLL)
        start, pid, espeak, wav = strace_times(log)
        own = vm_hwm(pid) if pid else None
        tm.run("send-keys", "q")
        while time.time() < deadline and not (os.path.exists(peak_file) and
                                              os.path.getsize(peak_file)):
            time.sleep(POLL)
    finally:
        tm.run("kill-server")
    if not wav or not espeak:
        return "ebook-speaker started but never played audio (no eBook-speaker.wav read)"
    family = int(open(peak_file).read().split()[-1]) if os.path.exists(peak_file) else None
    return {"open": clock(listed) - start, "synthesis": espeak[0] - clock(enter),
            "audio": wav[0] - clock(enter), "first_audio": clock(listed) - start +
            wav[0] - clock(enter), "peak": own, "family": family}
