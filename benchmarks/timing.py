"""The shared timing and memory helpers of the benchmarks.

``Stopwatch`` times a block with ``time.perf_counter``; ``PeakRSS`` samples
the resident memory of a whole process tree (this process and every
descendant, e.g. the crawl subprocess) from /proc, so peaks of children that
live only a few seconds are caught as well.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import threading
import time
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # The command may contain spaces and parentheses: split after the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def tree_rss(root: int) -> int:
    """Bytes resident in the process ``root`` and all its descendants."""
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            fields = Path(f"/proc/{pid}/statm").read_text().split()
            total += int(fields[1]) * PAGE
        except OSError:
            pass
        stack.extend(children.get(pid, ()))
    return total


class PeakRSS:
    """Peak resident memory of a process tree while the block runs.

    Example:
        >>> with PeakRSS() as peak:
        ...     work()
        >>> peak.bytes
    """

    def __init__(self, root: int | None = None, interval: float = 0.05):
        self.root = root or os.getpid()
        self.interval = interval
        self.bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.bytes = max(self.bytes, tree_rss(self.root))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self.bytes = tree_rss(self.root)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.bytes = max(self.bytes, tree_rss(self.root))


class Stopwatch:
    """Wall time of a block in seconds (``perf_counter``)."""

    def __enter__(self) -> Stopwatch:
        self.start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.start


def best_of(func, repeat: int = 3) -> tuple[float, object]:
    """The fastest of ``repeat`` timed calls of ``func()``, and its result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        with Stopwatch() as watch:
            result = func()
        best = min(best, watch.seconds)
    return best, result


def maxrss_bytes() -> dict:
    """getrusage peaks: this process, and its largest waited-for descendant."""
    return {
        "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }


def machine() -> dict:
    """What the figures were measured on."""
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(line.split()[1]) for line in
                  Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "ram_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def mib(n: float) -> float:
    return round(n / 2**20, 1)
