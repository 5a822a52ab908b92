"""Hostile position files (issue 6, item 4): whatever sits where the reader keeps its position
(truncated or junk JSON, numbers out of range or of the wrong type, a huge file, a directory, a
symbolic link to /dev/zero, a FIFO nobody writes to), the reader starts, shows a valid position,
quits with q and exit status 0, and never hangs or crashes."""
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import tmuxlib as T  # noqa: E402

DEADLINE = 30.0


def fnv1a(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def position_path(tmp, doc):
    """Where src/app/state.c keeps the position of doc (the key is FNV-1a of its real path)."""
    key = "p-%016x" % fnv1a(os.path.realpath(doc).encode())
    return os.path.join(tmp, "state", "lector", "positions", key + ".json")


def valid(pos):
    return json.dumps(dict({"version": 1}, **pos)).encode()


CASES = [
    ("truncated", b'{"version":1,"paragraph":'),
    ("junk", bytes(range(256)) * 3),
    ("huge", b'{"version":1,"paragraph":1,"sentence":0,"pad":"' + b"x" * 100000 + b'"}'),
    ("past the end", valid({"paragraph": 999999, "sentence": 999999})),
    ("sentence past the end", valid({"paragraph": 1, "sentence": 1000})),
    ("negative", valid({"paragraph": -1, "sentence": -5})),
    ("floats", b'{"version":1,"paragraph":1e300,"sentence":0.5}'),
    ("strings", b'{"version":1,"paragraph":"3","sentence":"0"}'),
    ("wrong version", valid({"paragraph": 1, "sentence": 0, "version": 99})),
    ("array", b"[1,2,3]"),
    ("nested", b"[" * 100000),
    ("empty", b""),
]


def check_start(tmp, case, doc, n, prepare):
    path = position_path(tmp, doc)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)
    prepare(path)
    with T.Session(tmp) as s:
        s.start(["--audio", "null", "--paused", doc], trace=False)
        screen = s.wait_for(lambda t: ("Paused, paragraph" in t or "EXIT=" in t) and t,
                            timeout=DEADLINE)
        status = s.status()
        T.expect(status, "%s: no panel:\n%s\n%s" % (case, screen, s.log_tail()))
        m = re.search(r"paragraph (\d+) of (\d+), sentence (\d+) of (\d+)", status)
        T.expect(m and 1 <= int(m.group(1)) <= n and int(m.group(2)) == n and
                 1 <= int(m.group(3)) <= int(m.group(4)),
                 "%s: not a valid position: %r" % (case, status))
        s.keys("q")
        rc = s.exit_status(DEADLINE)
        T.expect(rc == 0, "%s: exit %d after q\n%s" % (case, rc, s.log_tail()))
    print("%-22s %s" % (case, status.strip()[:60]))


def test_hostile_position_files(tmp):
    doc = os.path.join(tmp, "doc.txt")
    shutil.copy(T.SAMPLE, doc)
    n = len(T.segment(doc))

    for case, data in CASES:
        def write(path, data=data):
            with open(path, "wb") as f:
                f.write(data)
        check_start(tmp, case, doc, n, write)
    check_start(tmp, "directory", doc, n, lambda p: os.mkdir(p))
    check_start(tmp, "link to /dev/zero", doc, n, lambda p: os.symlink("/dev/zero", p))
    check_start(tmp, "dangling link", doc, n, lambda p: os.symlink(p + ".nowhere", p))


def test_position_file_is_a_fifo(tmp):
    """state.c state_load() opens the file with fopen(): on a FIFO with no writer that blocks
    for ever, and the reader never starts."""
    doc = os.path.join(tmp, "doc.txt")
    shutil.copy(T.SAMPLE, doc)
    n = len(T.segment(doc))
    path = position_path(tmp, doc)
    try:
        check_start(tmp, "fifo", doc, n, lambda p: os.mkfifo(p))
    finally:
        # Release a reader still blocked in open(), so that nothing is left behind.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass


if __name__ == "__main__":
    sys.exit(T.run([test_hostile_position_files, test_position_file_is_a_fifo]))
