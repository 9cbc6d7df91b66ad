"""The period folder of a report: built aside, moved into place whole, one run at a time.

A run builds ``<out>/.<period>.building-*`` and renames it to ``<out>/<period>`` when
done, so a crashed or interrupted run never leaves a half-written period, and a re-run
replaces the period whole. A run with failures does not replace a complete period: it is
kept beside it as ``<out>/<period>.failed`` for diagnosis, unless the user asks to replace
(:func:`place`). Two runs of one period wait for each other (a lock file,
:mod:`filelock`, which works on every system). The folder is built private (as
:func:`tempfile.mkdtemp` makes it) and given the permissions of the user's umask before it
is moved into place, like any folder the user makes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..paths import folder_mode, move_into_place


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
    """A new folder to build ``period`` in; moved into place when the block ends normally
    (unless the block placed it with :func:`place`), removed when it ends by an error, Ctrl-C
    or SIGTERM (the period stays as it was)."""
    with period_lock(out, period), stop_on_sigterm():
        remove_leftovers(out, period)
        tmp = Path(tempfile.mkdtemp(prefix=f".{period}.building-", dir=out))
        try:
            yield tmp
            if tmp.exists():
                os.chmod(tmp, folder_mode())
                move_into_place(tmp, out / period)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def failed_folder(out: Path, period: str) -> Path:
    """Where a failed run of ``period`` is kept when a complete one is not replaced."""
    return out / f"{period}.failed"


def complete_period(out: Path, period: str) -> dict | None:
    """The manifest of the report of ``period`` under ``out`` when every page of it ran ok."""
    try:
        manifest = json.loads((out / period / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("ok") is True else None


def place(tmp: Path, out: Path, period: str, keep: bool) -> Path:
    """Move the built folder ``tmp`` where it belongs and return where that is: the period
    folder, or (``keep``: a complete period stays) the failed-run folder beside it. An
    earlier failed run of the period goes once the period is replaced."""
    failed = failed_folder(out, period)
    os.chmod(tmp, folder_mode())
    if keep:
        move_into_place(tmp, failed)
        return failed
    move_into_place(tmp, out / period)
    shutil.rmtree(failed, ignore_errors=True)
    return out / period


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
