#!/usr/bin/env python3
"""Times a command precisely, run after run: what the benchmarks' shell loops cannot.

    bench/run_timed.py RUNS INPUT COMMAND [ARG...]

Runs `COMMAND ARG... INPUT` RUNS times, its standard output to /dev/null. Each run is timed
from just before the child is spawned (os.posix_spawn, no shell) to the moment os.wait4 reaps
it (time.perf_counter_ns), so the figure is the process itself: its exec, loading, work and
exit, and none of the forks of `date` or /usr/bin/time that timing from a shell adds (about
18 ms a run, a third of `lector segment` on 5 MB). The same wait4 gives the child's peak
resident memory and its user + system CPU time (every thread).

Prints one line: "median_ns max_rss_kb min_ns max_ns median_cpu_s". Exits 1 when a run fails:
a benchmark of a failing command measures nothing."""
import os
import shutil
import statistics
import sys
import time


def run_once(argv, devnull):
    """One run: (elapsed ns, peak RSS in KiB, user + system seconds)."""
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1)]
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    t1 = time.perf_counter_ns()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"run_timed: {' '.join(argv)} failed (status {status})")
    return t1 - t0, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    runs, path = int(sys.argv[1]), sys.argv[2]
    cmd = sys.argv[3:]
    exe = shutil.which(cmd[0])
    if not exe:
        sys.exit(f"run_timed: no program '{cmd[0]}'")
    argv = [exe] + cmd[1:] + [path]
    devnull = os.open(os.devnull, os.O_WRONLY)
    results = [run_once(argv, devnull) for _ in range(runs)]
    times = sorted(r[0] for r in results)
    cpu = statistics.median_low(sorted(r[2] for r in results))
    print(f"{statistics.median_low(times)} {max(r[1] for r in results)} {times[0]} "
          f"{times[-1]} {cpu:.4f}")


if __name__ == "__main__":
    main()
