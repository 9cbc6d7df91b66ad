"""``index.html`` and ``manifest.json`` of a period: each page and account plan with its status,
and the files written. Rendered from a jinja2 template with autoescape on: every name shown
(customer names, files, errors) is text, never markup."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
from dataclasses import asdict
from pathlib import Path

import jinja2

from ..text import is_missing
from .result import NotebookRun, ReportResult

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("kamtools.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
_ENV.filters["urlquote"] = urllib.parse.quote
_REGISTER = re.compile(r"credit_forms/credit_forms_register_\d{4}-\d{2}\.xlsx")


def _row(r: NotebookRun, label: str, folder: Path) -> dict:
    source = r.output if r.output and (folder / r.output).is_file() else None
    return {
        "status": r.status,
        "html": r.html,
        "label": label,
        "source": source,
        "no_source": "–" if r.customer_id is not None else "not run",  # a plan is a page, not a notebook
        "duration": r.duration,
        "error": r.error or "",
    }


def write_index(folder: Path, result: ReportResult) -> None:
    """The period's front page. The credit forms section links the register first (every
    customer whose limit changes), then the individual forms."""
    pages = [_row(r, r.output, folder) for r in result.runs if r.customer_id is None]
    plans = [
        _row(
            r,
            f"{r.customer_id if is_missing(r.customer_name) or not r.customer_name else r.customer_name} "
            f"({r.customer_id})",
            folder,
        )
        for r in result.runs
        if r.customer_id is not None
    ]
    forms_dir = folder / "credit_forms"
    forms = sorted(p.relative_to(folder).as_posix() for p in forms_dir.glob("*.xlsx")) if forms_dir.is_dir() else []
    registers = [f for f in forms if _REGISTER.fullmatch(f)]
    page = _ENV.get_template("index.html.j2").render(
        period=result.period,
        ok=result.ok,
        notices=result.notices,
        pages=pages,
        plans=plans,
        worklists=sorted(p.name for p in folder.glob("*.xlsx")),
        registers=registers,
        forms=[f for f in forms if f not in registers],
    )
    (folder / "index.html").write_text(page, encoding="utf-8")


def write_manifest(folder: Path, result: ReportResult, store: Path, policy: str) -> None:
    """``manifest.json``: the run as data (period, store, policy, each notebook's outcome)."""
    manifest = {
        "period": result.period,
        "store": str(store),
        "policy": policy or None,
        "created": dt.datetime.now().isoformat(timespec="seconds"),
        "ok": result.ok,
        "notices": result.notices,
        "pdf": result.pdf,
        "notebooks": [asdict(r) for r in result.runs],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
