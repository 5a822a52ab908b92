"""lector export draws a progress bar on stderr when it is a terminal (a pty here): percent,
audio time done, ETA, redrawn in place with \\r and cleared at the end, then one line saying
what was written; nothing at all with -q."""
import os
import pty
import re
import select
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, SAMPLE, check, failures, finish  # noqa: E402


text = os.path.join(TMP, "long.txt")
with open(SAMPLE, encoding="utf-8") as f:
    sample = f.read()
with open(text, "w", encoding="utf-8") as f:
    f.write("\n\n".join([sample] * 4))


def run_on_pty(*extra):
    """Runs an export with stderr on a pty; returns (exit status, what the terminal got)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([LECTOR, "export", "-f", text, "-o", os.path.join(TMP, "out.ogg"),
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


status, screen = run_on_pty()
check(status == 0, f"exit {status}: {screen!r}")
draws = [d for d in screen.split("\r") if d.strip()]
bars = [d for d in draws if re.search(r"\d+%\s+\d+:\d\d of audio", d)]
check(len(bars) >= 2, f"progress was not redrawn in place: {screen[:300]!r}")
percents = [int(re.search(r"(\d+)%", b).group(1)) for b in bars]
check(percents == sorted(percents), f"percent goes backwards: {percents}")
check(percents and percents[-1] == 100, f"progress does not reach 100%: {percents[-3:]}")
check(any("ETA" in b for b in bars), "no ETA shown")
# The bar is cleared, then one line says what was written (a pty turns \n into \r\n).
bar_part, _, summary = screen.rpartition("\rlector: wrote ")
check("\n" not in bar_part, f"the bar is not drawn in place: {screen!r}")
check(not bar_part.split("\r")[-1].strip(),
      f"the bar is not cleared at the end: {screen[-160:]!r}")
check(re.fullmatch(r"\S+out\.ogg: \d+:\d\d of audio, [\d.]+ [kM]B\r\n", summary),
      f"no line saying what was written after the bar: {screen[-160:]!r}")

status, screen = run_on_pty("-q")
check(status == 0, f"-q: exit {status}")
check(screen == "", f"-q: something drawn: {screen[:200]!r}")

if not failures:
    print(f"ok ({len(bars)} redraws)")
finish()
