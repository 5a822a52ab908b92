"""What the benchmarks share: a Release build of lector, timing a shell command, medians with
their spread, the machine's load, and RESULT lines that scripts/perf-table turns into the
README's performance table (so no figure there is typed by hand).

A RESULT line is `RESULT {json}` with: bench, case, ours (seconds or a rate), peer (the same
measure of the program compared with, in the same run), peer_name, unit, ratio (ours / peer),
better ("lower" or "higher"), spread (ours min-max, peer min-max), runs, load (1-minute load
average when the bench started)."""
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_lector(given=None):
    """The lector to measure: given, else build-release/lector (built now, Release)."""
    if given:
        return given
    build = os.path.join(ROOT, "build-release")
    subprocess.run(["cmake", "-S", ROOT, "-B", build, "-DCMAKE_BUILD_TYPE=Release"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build, "-j2", "--target", "lector"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(build, "lector")


def timed(cmd, env=None):
    """Runs cmd (a shell command line); returns (elapsed seconds, stderr text). Exits on
    failure: a benchmark of a failing command measures nothing."""
    t0 = time.perf_counter()
    p = subprocess.run(["sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, env=env)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {cmd}\n{p.stderr}")
    return elapsed, p.stderr


def spread(values):
    return f"{min(values):.3f}-{max(values):.3f}"


def machine_line():
    load = os.getloadavg()[0]
    print(f"online CPUs: {os.cpu_count()}, load average (1 min) at start: {load:.2f}"
          f"{'  (a loaded machine: ratios move, see the spread)' if load > 0.5 else ''}")
    return load


def result(bench, case, ours, peer, peer_name, unit, better, ours_all, peer_all, load,
           **extra):
    """Prints the RESULT line of one measured case; returns the ratio."""
    ratio = ours / peer if peer else None
    rec = {"bench": bench, "case": case, "ours": round(ours, 4), "peer": round(peer, 4),
           "peer_name": peer_name, "unit": unit, "better": better,
           "ratio": round(ratio, 3) if ratio else None,
           "spread": {"ours": spread(ours_all), "peer": spread(peer_all)},
           "runs": len(ours_all), "load": round(load, 2)}
    rec.update(extra)
    print("RESULT " + json.dumps(rec), flush=True)
    return ratio


def median(values):
    return statistics.median(values)
