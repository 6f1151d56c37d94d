"""One run at a time per data folder."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


class RunLockedError(RuntimeError):
    """Another run is using the same data folder."""


@contextlib.contextmanager
def run_lock(folder: Path) -> Iterator[Path]:
    """Hold an exclusive lock on ``folder`` for the duration of a run.

    The lock is an advisory ``flock`` that the kernel releases when the
    process ends, so a killed run never leaves a stale lock behind.

    Raises:
        RunLockedError: another process holds the lock; the message names
            the folder and that process.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".run.lock"
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise RunLockedError(
            f"another csm-radar run (pid {holder}) is using {folder}; wait for it "
            "to finish or give this run its own --output folder"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    try:
        yield path
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
