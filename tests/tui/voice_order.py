"""v cycles through the voice profiles in the order `lector voices` lists them (issue 20, point
10), with profiles of the listener's own whose names sort differently by case (Zulu, apple): each
press names the next profile of the list, and after the last comes the first again."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import tmuxlib as T  # noqa: E402


def write_profiles(tmp):
    d = os.path.join(tmp, "config", "lector", "voices")
    os.makedirs(d, exist_ok=True)
    for name, espeak in (("Zulu", "en-us"), ("apple", "en")):
        with open(os.path.join(d, name + ".ini"), "w") as f:
            f.write("[voice]\ndescription = %s\nespeak = %s\nspeed = 170\n" % (name, espeak))


def listed_profiles(tmp):
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "config"))
    out = T.subprocess.run([T.LECTOR, "voices"], capture_output=True, text=True, env=env,
                           check=True).stdout
    names, inside = [], False
    for line in out.split("\n"):
        if line.strip().startswith("PROFILE"):
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            names.append(line.split()[0])
    return names


def voice_shown(s):
    m = re.search(r"voice (\S+)", s.status())
    return m.group(1) if m else None


def test_v_follows_the_list(tmp):
    write_profiles(tmp)
    names = listed_profiles(tmp)
    T.expect("apple" in names and "Zulu" in names, "profiles not listed: %s" % names)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", "--announce", T.SAMPLE])
        s.wait_for("Paused, paragraph 1 of")
        first = voice_shown(s)
        T.expect(first in names, "the status shows voice %r, not one of %s" % (first, names))
        at = names.index(first)
        seen = [first]
        for step in range(1, len(names) + 1):
            want = names[(at + step) % len(names)]
            s.keys("v")
            try:
                s.wait_for(lambda t: voice_shown(s) == want)
            except T.Failure:
                seen.append(voice_shown(s))
                raise T.Failure("v went %s; `lector voices` lists %s" % (seen, names))
            seen.append(want)
        T.expect(s.quit() == 0, "q did not exit 0")


if __name__ == "__main__":
    sys.exit(T.run([test_v_follows_the_list]))
