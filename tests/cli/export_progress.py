"""lector export draws a progress bar on stderr when it is a terminal (a pty here): percent,
audio time done, ETA, redrawn in place with \\r and cleared at the end, then one line saying
what was written; nothing at all with -q. The same for a talking book (.epub), whose bar is
not drawn either when stderr is not a terminal."""
import os
import pty
import re
import select
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, failures, finish, run  # noqa: E402


text = os.path.join(TMP, "long.txt")
with open(SAMPLE, encoding="utf-8") as f:
    sample = f.read()
with open(text, "w", encoding="utf-8") as f:
    f.write("\n\n".join([sample] * 4))


def run_on_pty(*extra, out="out.ogg"):
    """Runs an export with stderr on a pty; returns (exit status, what the terminal got)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([LECTOR, "export", "-f", text, "-o", os.path.join(TMP, out),
                          *extra], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=slave)
    os.close(slave)
    got = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        got += chunk
    os.close(master)
    return p.wait(timeout=120), got.decode("utf-8", errors="replace")


def check_bar(out, summary_re):
    """The bar drawn in place up to 100%, cleared, then the line saying what was written."""
    status, screen = run_on_pty(out=out)
    check(status == 0, f"{out}: exit {status}: {screen!r}")
    draws = [d for d in screen.split("\r") if d.strip()]
    bars = [d for d in draws if re.search(r"\d+%\s+\d+:\d\d of audio", d)]
    check(len(bars) >= 2, f"{out}: progress was not redrawn in place: {screen[:300]!r}")
    percents = [int(re.search(r"(\d+)%", b).group(1)) for b in bars]
    check(percents == sorted(percents), f"{out}: percent goes backwards: {percents}")
    check(percents and percents[-1] == 100, f"{out}: progress ends at {percents[-3:]}")
    check(any("ETA" in b for b in bars), f"{out}: no ETA shown")
    # The bar is cleared, then one line says what was written (a pty turns \n into \r\n).
    bar_part, _, summary = screen.rpartition("\rlector: wrote ")
    check("\n" not in bar_part, f"{out}: the bar is not drawn in place: {screen!r}")
    check(not bar_part.split("\r")[-1].strip(),
          f"{out}: the bar is not cleared at the end: {screen[-160:]!r}")
    check(re.fullmatch(summary_re, summary),
          f"{out}: no line saying what was written after the bar: {screen[-160:]!r}")
    status, screen = run_on_pty("-q", out=out)
    check(status == 0, f"{out} -q: exit {status}")
    check(screen == "", f"{out} -q: something drawn: {screen[:200]!r}")
    return len(bars)


redraws = check_bar("out.ogg", r"\S+out\.ogg: \d+:\d\d of audio, [\d.]+ [kM]B\r\n")
check_bar("out.epub", r"\S+out\.epub: \d+:\d\d:\d\d of audio in \d+ parts?\r\n")
p = run("export", "-f", text, "-o", os.path.join(TMP, "piped.epub"))
check(p.returncode == 0 and "%" not in p.stderr and p.stderr.count("\n") == 1,
      f"a talking book with stderr not a terminal: exit {p.returncode}, {p.stderr!r}")

if not failures:
    print(f"ok ({redraws} redraws)")
finish()
