"""CPU time used by a gunicorn server (its master and workers), read from /proc/<pid>/stat.

A process's figure is utime + stime (its own CPU) + cutime + cstime (that of its children it
has reaped). Counting the reaped children's time too keeps the sum right when a worker dies
during a run (a timeout, a restart): its time moves from its own line to its master's, and
the difference between two samples of the whole tree is still the server's CPU time."""

import os
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def parse_proc_stat(text: str) -> tuple[int, int]:
    """(parent pid, CPU ticks) from the text of /proc/<pid>/stat. The command name, between
    parentheses, may itself hold spaces and parentheses: the fields follow the last ')'."""
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is field 3 of proc(5) (state): ppid is 4, utime 14, stime 15, cutime 16, cstime 17
    parent = int(fields[1])
    ticks = sum(int(fields[n]) for n in (11, 12, 13, 14))
    return parent, ticks


def tree_ticks(stats: dict[int, tuple[int, int]], root: int) -> int:
    """The CPU ticks of `root` and all its descendants, from {pid: (parent pid, ticks)}."""
    children: dict[int, list[int]] = {}
    for pid, (parent, _ticks) in stats.items():
        children.setdefault(parent, []).append(pid)
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        if pid in stats:
            total += stats[pid][1]
        pending.extend(children.get(pid, []))
    return total


def read_proc_stats(proc: Path = Path("/proc")) -> dict[int, tuple[int, int]]:
    stats = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stats[int(entry.name)] = parse_proc_stat((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
    return stats


def cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by process `pid` and its descendants (gunicorn's workers)."""
    return tree_ticks(read_proc_stats(), pid) / TICKS_PER_SECOND


def cpu_ms_per_request(before_s: float, after_s: float, requests: int) -> float:
    """The server's CPU milliseconds per request served, from two samples of cpu_seconds()."""
    return round(1000 * (after_s - before_s) / max(1, requests), 1)
