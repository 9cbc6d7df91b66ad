"""A worker process of a report run: ``python -m kamtools.report.worker KIND JOB RESULT``.

``KIND`` is ``page`` (run one notebook, :func:`.execute.execute`) or ``plans`` (render the
account plans of some customers, :func:`.plans.write_pages`); ``JOB`` is a JSON object and
``RESULT`` the file the outcome is written to, as JSON. A process per job keeps the runner
plain: stopping a run ends these processes, and a notebook kernel ends with the process
that started it (a kernel watches its parent).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .execute import execute
from .plans import write_pages

KINDS = {"page": execute, "plans": write_pages}


def main(argv: list[str] | None = None) -> int:
    kind, job, result = sys.argv[1:] if argv is None else argv
    outcome = KINDS[kind](json.loads(job))
    Path(result).write_text(json.dumps(outcome), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
