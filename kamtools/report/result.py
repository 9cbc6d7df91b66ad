"""What a report run did: one entry per page and account plan, and what the reader should know."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class NotebookRun:
    """One page of a report run: an executed notebook, or an account plan rendered for one customer."""

    notebook: str
    output: str | None
    parameters: dict
    status: str = "pending"  # ok | failed
    duration: float = 0.0
    error: str | None = None
    html: str | None = None
    customer_id: str | None = None  # account plans: the customer planned for
    customer_name: str | None = None
    pdf: str | None = None  # `kam report --pdf`: the page printed, relative to the period folder
    credit_ask: dict | None = None  # account plans: a limit asked above the recommended one (:mod:`.plan_decisions`)


@dataclass
class ReportResult:
    """What :func:`kamtools.report.run` did: the period folder and one entry per page."""

    period: str
    folder: Path
    runs: list[NotebookRun] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what the reader should know about the run
    pdf: str | None = None  # `kam report --pdf`: the whole period in one PDF, relative to the folder
    language: str = "both"  # what the pages and the index are written in (en, zh, both)
    snapshot: str = ""  # the period's snapshot stored in the store (kamtools.snapshots), in one line; empty: none

    @property
    def ok(self) -> bool:
        return all(r.status == "ok" for r in self.runs)

    def summary(self) -> str:
        failed = [r for r in self.runs if r.status != "ok"]
        lines = [
            f"report {self.period}: {len(self.runs) - len(failed)} of {len(self.runs)} pages ok "
            f"-> {self.folder / 'index.html'}"
        ]
        for r in failed:
            lines.append(f"  FAILED {r.output or r.html or r.customer_id}: {r.error}")
        if self.pdf:
            lines.append(f"  PDF of the whole period: {self.folder / self.pdf}")
        if self.snapshot:
            lines.append(f"  {self.snapshot}")
        lines += [f"  note: {n}" for n in self.notices]
        return "\n".join(lines)
