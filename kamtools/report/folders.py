"""The period folder of a report: built aside, moved into place whole, one run at a time.

A run builds ``<out>/.<period>.building-*`` and renames it to ``<out>/<period>`` when
done, so a crashed or interrupted run never leaves a half-written period, and a re-run
replaces the period whole. Two runs of one period wait for each other (a lock file,
:mod:`filelock`, which works on every system). The folder is built private (as
:func:`tempfile.mkdtemp` makes it) and given the permissions of the user's umask before it
is moved into place, like any folder the user makes.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..paths import folder_mode


@contextmanager
def period_lock(out: Path, period: str) -> Iterator[None]:
    """Hold the lock of ``period`` under ``out``; a second run says it waits, then waits."""
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out / f".{period}.lock")
    try:
        lock.acquire(blocking=False)
    except Timeout:
        print(f"another run of {period} is in progress: waiting for it to finish")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def remove_leftovers(out: Path, period: str) -> None:
    """Folders of an earlier run of ``period`` that was killed before it could clean up.

    Called under the period's lock, so no other run is building them. A period folder that
    was moved aside but not replaced (a crash between the two renames) is put back.
    """
    final = out / period
    for old in sorted(out.glob(f".{period}.old-*")):
        if not final.exists():
            os.replace(old, final)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in out.glob(f".{period}.building-*"):
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def building(out: Path, period: str) -> Iterator[Path]:
    """A new folder to build ``period`` in; moved into place when the block ends normally,
    removed when it ends by an error, Ctrl-C or SIGTERM (the period stays as it was)."""
    with period_lock(out, period), stop_on_sigterm():
        remove_leftovers(out, period)
        tmp = Path(tempfile.mkdtemp(prefix=f".{period}.building-", dir=out))
        try:
            yield tmp
            os.chmod(tmp, folder_mode())
            move_into_place(tmp, out / period)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def move_into_place(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp``; the previous folder stays if the rename fails."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
    try:
        os.replace(tmp, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """SIGTERM stops the run like Ctrl-C does (so the temporary folder is removed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise KeyboardInterrupt(f"stopped by signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
