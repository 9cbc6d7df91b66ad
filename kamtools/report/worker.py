"""A worker process of a report run: ``python -m kamtools.report.worker KIND JOB RESULT``.

``KIND`` is ``page`` (run one notebook, :func:`.execute.execute`), ``pages`` (run several
notebooks one after another in one kept kernel, :func:`.execute.execute_pages`) or ``plans`` (render the
account plans of some customers, :func:`.plans.write_pages`); ``JOB`` is a JSON file and
``RESULT`` the file the outcome is written to, as JSON, whole or not at all. A process per
job keeps the runner plain: stopping a run ends these processes; a worker ends when the run
that started it is gone (killed outright), and a notebook kernel ends with its worker (a
kernel watches its parent).
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

#: What each kind of worker runs: module and function, loaded by the worker that runs it (a page's
#: worker needs papermill and nbconvert, the plans' worker the analyses and the charts).
KINDS = {"page": ("execute", "execute"), "pages": ("execute", "execute_pages"), "plans": ("plans", "write_pages")}


def _end_with_parent() -> None:
    """End this process when the run that started it is gone (its parent changed)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _exit_on_sigterm(signum, frame) -> None:
    """A stopped run asks its workers to end: exit normally, so a kernel this worker started is
    shut down on the way out (papermill's client does so at exit, and on SIGTERM while it runs)."""
    sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    kind, job, result = sys.argv[1:] if argv is None else argv
    _end_with_parent()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    module, function = KINDS[kind]
    work = getattr(importlib.import_module(f".{module}", __package__), function)
    outcome = work(json.loads(Path(job).read_text(encoding="utf-8")))
    tmp = Path(f"{result}.tmp")
    tmp.write_text(json.dumps(outcome), encoding="utf-8")
    os.replace(tmp, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
