#!/usr/bin/env python3
"""The reading choices through the real CLI: --urls site (the default), full and silent; an
e-mail address; each --punctuation level; and, for the reader, the settings file's urls and
punctuation keys, with the command line winning over them (heard in the length of the audio
the reader writes with --audio FILE.wav)."""
import os
import subprocess
import sys
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from clitest import LECTOR, TMP, check, finish, run  # noqa: E402


def speech(text, *opts):
    path = os.path.join(TMP, "case.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    r = run("segment", "--speech", *opts, path)
    check(r.returncode == 0, f"segment --speech {opts} failed: {r.stderr}")
    return r.stdout.strip()


def expect(text, opts, want):
    got = speech(text, *opts)
    check(got == want, f"{text!r} with {list(opts)}: said {got!r}, want {want!r}")


LINK = "Read https://www.example.org/news/today?id=3 now."
expect(LINK, [], "Read example dot org now.")
expect(LINK, ["--urls", "site"], "Read example dot org now.")
expect(LINK, ["--urls", "full"], "Read example dot org slash news slash today?id=3 now.")
expect(LINK, ["--urls", "silent"], "Read now.")
expect("Write to help@example.org today.", [], "Write to help at example dot org today.")
expect("Write to help@example.org today.", ["--urls", "silent"],
       "Write to help at example dot org today.")  # an address is not a link

SYMBOLS = "Tom & Jerry (2 + 2 = 4); a/b."
for level, want in [("none", "Tom & Jerry (2 + 2 = 4); a/b."),
                    ("some", "Tom and Jerry (2 + 2 = 4); a/b."),
                    ("most", "Tom and Jerry (2 plus 2 equals 4); a/b."),
                    ("all", "Tom and Jerry open paren 2 plus 2 equals 4 close paren semicolon a "
                            "slash b dot")]:
    expect(SYMBOLS, ["--punctuation", level], want)
expect(SYMBOLS, [], "Tom and Jerry (2 + 2 = 4); a/b.")  # some is the default
r = run("segment", "--speech", "--punctuation", "loud", "-")
check(r.returncode != 0 and "none, some, most or all" in r.stderr, f"bad level: {r.stderr}")


def seconds_read(config, *opts):
    """Reads a text with no terminal, as a script would, into a WAV file: its length."""
    cfg = os.path.join(TMP, "config", "lector")
    os.makedirs(cfg, exist_ok=True)
    with open(os.path.join(cfg, "config"), "w") as f:
        f.write(config)
    text = os.path.join(TMP, "read.txt")
    with open(text, "w") as f:
        f.write("See https://www.example.org/a/b/c/d (x/y; z) = w.\n")
    out = os.path.join(TMP, "read.wav")
    if os.path.exists(out):
        os.remove(out)
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(TMP, "config"),
               XDG_STATE_HOME=os.path.join(TMP, "state"))
    r = subprocess.run(["setsid", LECTOR, "--audio", out, *opts, text], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, env=env, timeout=120)
    check(r.returncode == 0, f"reading with {config!r} {opts}: {r.stderr}")
    check("warning" not in r.stderr, f"settings {config!r} warned: {r.stderr}")
    with wave.open(out) as w:
        return w.getnframes() / w.getframerate()


plain = seconds_read("")
loud = seconds_read("[reader]\npunctuation = all\nurls = full\n")
quiet = seconds_read("[reader]\npunctuation = all\nurls = full\n",
                     "--punctuation", "none", "--urls", "silent")
check(loud > plain + 1.0, f"the settings file's punctuation and urls are not heard: "
                          f"{loud:.2f} s, default {plain:.2f} s")
check(quiet < plain, f"the command line does not win over the settings file: {quiet:.2f} s, "
                     f"default {plain:.2f} s")
finish()
