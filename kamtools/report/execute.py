"""Run one report notebook with papermill, in a process of its own.

The report runner starts ``python -m kamtools.report.execute JOB`` for each page, where
``JOB`` is a JSON object: ``input``, ``output`` (absolute paths), ``folder`` (where the
kernel runs), ``parameters`` (plain strings), ``timeout`` (seconds or null) and ``result``
(the file this process writes its outcome to). The notebook is executed with papermill's
public API; a notebook that ran through is exported to HTML without code; a failed one is
not. Parameters are the only thing the runner tells a notebook.

A process per notebook keeps the runner plain: stopping a run ends these processes, and
their kernels end with them (a kernel watches the process that started it).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import papermill as pm
from nbconvert import HTMLExporter


def error_text(exc: BaseException) -> str:
    """What failed, as the index shows it: the error's name and message, at most 2,000 characters."""
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None) or str(exc)
    return f"{name}: {value}".strip()[:2000]


def to_html(ipynb: Path) -> Path:
    """The executed notebook as an HTML page without code or prompts, beside it."""
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(ipynb), as_version=4))
    out = ipynb.with_suffix(".html")
    out.write_text(body, encoding="utf-8")
    return out


def execute(job: dict) -> dict:
    """Run the notebook of ``job``; ``{"status": "ok", "html": name}`` or ``{"status": "failed", "error": text}``."""
    try:
        pm.execute_notebook(
            job["input"],
            job["output"],
            parameters=job["parameters"],
            kernel_name="python3",
            cwd=job["folder"],
            execution_timeout=job.get("timeout"),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
        return {"status": "ok", "html": to_html(Path(job["output"])).name}
    except Exception as exc:  # noqa: BLE001 - every failure is the notebook's, reported to the runner
        return {"status": "failed", "error": error_text(exc)}


def main(argv: list[str] | None = None) -> int:
    job = json.loads((sys.argv[1:] if argv is None else argv)[0])
    outcome = execute(job)
    Path(job["result"]).write_text(json.dumps(outcome), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
