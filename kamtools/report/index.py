"""``index.html``, ``appendix.html`` and ``manifest.json`` of a period. The index is the manager's
front page: the month's numbers, this month's decisions, the pages, account plans and workbooks
(the credit forms' register among them). The appendix holds what a manager does not read: each
customer's credit forms workbook, the run status of every page and the machine-readable manifest.
Rendered from jinja2 templates with autoescape on: every name shown (customer names, files,
errors) is text, never markup."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import urllib.parse
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

import icalendar
import jinja2
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..output.labels import column, money_column, pick
from ..paths import safe_name
from ..text import is_missing
from .decision import DECISIONS_ANCHOR, SIDES, Decision
from .navigation import counted_from_today
from .pages import SECTIONS, page_of
from .plan_positions import ASKED_TITLES
from .result import NotebookRun, ReportResult

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("kamtools.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
_ENV.filters["urlquote"] = urllib.parse.quote
#: What each workbook of the pages holds (by its file name before the period).
WORKBOOKS: dict[str, tuple[str, str]] = {
    "aging": ("Aging of every customer", "全部客户账龄"),
    "aging_by_invoice_date": ("Aging of every customer by invoice date", "全部客户按开票日的账龄"),
    "credit_holds": ("Credit holds and their release", "信用冻结清单及解除条件"),
    "disputes": ("Open disputes", "未解决争议清单"),
    "limit_breaches": ("Limit breaches", "额度违规清单"),
    "over_limit": ("Customers over their limit", "超额客户清单"),
    "re_review": ("Customers due for credit re-review", "待重新评审信用的客户"),
    "worklists": ("Collection worklists by account manager", "各客户经理催收工作清单"),
    "calendar": ("Next month's contact calendar, every account manager", "下月客户联络日历（全部客户经理）"),
    "write_offs": ("Write-offs and who answers for them", "坏账核销及责任"),
    "promote": ("Ordinary customers to promote", "可培养为重点客户的普通客户"),
    "key_accounts_to_watch": ("Key accounts to watch", "需关注的重点客户"),
    "data_gaps": ("Customers with missing data, by gap and owner", "缺少数据的客户（按缺口和负责人）"),
    "loss_makers": ("Loss-making customers", "亏损客户"),
    "tier_migration": ("Customers who changed tier", "层级变动的客户"),
    "relationship_moves": ("Relationship levels moved up or down this year", "今年关系等级上升或下降的客户"),
    "cross_sell": ("Cross-sell proposals of key accounts and the product mix", "重点客户交叉销售建议及产品组合"),
    "unprofitable_after_cost_to_serve": ("Customers losing money after the cost to serve", "扣除服务成本后亏损的客户"),
    "rfm_at_risk": (
        "Customers at risk (RFM) for their account managers to call",
        "须由客户经理联系的流失风险客户（RFM）",
    ),
    "credit_overrides": ("Analyst overrides of grades and limits", "信用等级和额度的人工调整"),
    "groups": ("Groups of companies: exposure against group limits", "集团客户：风险敞口与集团额度"),
    "scorecard_psi": ("Stability of the grade mix (PSI), every month end", "各月末等级结构稳定性指数（PSI）"),
    "receivables_to_assets": ("Receivables against each customer's total assets", "应收账款占客户总资产的比例"),
    "receivables_by_year": ("Receivables by year of origin", "按开票年度的应收账款"),
    "silent_debtors": ("Silent debtors", "沉默欠款客户"),
    "specific_provisions": ("Specific provisions", "个别计提坏账准备"),
}
_REGISTER = re.compile(r"credit_forms/credit_forms_register_\d{4}-\d{2}\.xlsx")
#: The page beside the index that holds the forms, the run status and the manifest.
APPENDIX = "appendix.html"


@dataclass
class Summary:
    """What the front of the index shows beside the pages: the data's date, this month's
    decisions (:mod:`.summary`), the headline tiles, and the customers' names (for the forms)."""

    as_of: str = ""
    decisions: list[Decision] = field(default_factory=list)
    tiles: list[dict] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    note: str = ""


def _row(r: NotebookRun, label: str, folder: Path, language: str) -> dict:
    source = r.output if r.output and (folder / r.output).is_file() else None
    return {
        "status": r.status,
        "html": r.html,
        "label": label,
        "source": source,
        # a plan is a page, not a notebook
        "no_source": "–" if r.customer_id is not None else pick("not run", "未运行", language),
        "duration": r.duration,
        "error": r.error or "",
    }


def _page_row(r: NotebookRun, folder: Path, language: str) -> dict:
    page = page_of(Path(r.output or r.notebook).stem)
    name = page.name_in(language)
    return {**_row(r, name, folder, language), "name": name, "about": page.about_in(language)}


def _plan_label(r: NotebookRun) -> str:
    name = r.customer_name
    return f"{r.customer_id if is_missing(name) or not name else name} ({r.customer_id})"


def _decision_rows(
    summary: Summary, pages: list[dict], plans: dict[str, str], language: str, today: dt.date
) -> list[dict]:
    """This month's decisions in two numbered lists: what sales must decide, then finance (the
    numbers run on from one list to the next), each decision with its owner and deadline, and
    whether that deadline had passed on ``today``, the day the report was written."""
    written = {Path(p["html"]).stem: p for p in pages if p["html"]}
    groups: list[dict] = []
    for number, d in enumerate(summary.decisions, start=1):
        if not groups or groups[-1]["side"] != d.side:
            groups.append(
                {"side": d.side, "title": pick(*SIDES.get(d.side, (d.side, "")), language), "start": number, "rows": []}
            )
        page = written.get(d.page)
        section = pick(d.section, SECTIONS.get(d.section, ""), language)
        groups[-1]["rows"].append(
            {
                "text": d.says(language),
                "detail": d.background(language),
                "who": d.who(language) if d.due else "",
                "passed": bool(d.due) and d.due < today.isoformat(),
                "href": f"{quote(page['html'])}#{quote(d.anchor(language))}" if page else "",
                "where": f"{page['name']}{'：' if language == 'zh' else ': '}{section}" if page else "",
                "plan": quote(plans[d.customer_id]) if d.customer_id in plans else "",
            }
        )
    return groups


def _form_rows(forms: list[str], names: dict[str, str]) -> list[dict]:
    """Each form workbook with the customer's name and id (the file name holds a safe form of the id)."""
    by_part = {safe_name(cid): cid for cid in names} if forms else {}
    rows = []
    for f in forms:
        stem = Path(f).stem.removeprefix("credit_forms_")
        cid = by_part.get(stem.rsplit("_", 1)[0])
        label = f"{names[cid]} ({cid})" if cid is not None and names.get(cid) else Path(f).name
        rows.append({"href": f, "label": label})
    return rows


#: The register's columns the appendix shows beside each customer's forms, in that order.
_REGISTER_SHOWN = (
    "customer_id",
    "name",
    "approval_level",
    "approval_reason",
    "approved_limit",
    "recommended_limit",
    "form_file",
    "plan_position",
)
#: The register's columns that may be missing (an older register; a run without account plans).
_OPTIONAL = ("approval_reason", "plan_position")


def _register_rows(path: Path, language: str) -> list[dict]:
    """The register's rows in its order (the approvals that matter first), each with the columns of
    :data:`_REGISTER_SHOWN` (read by their labels in the report's language); none when unreadable."""
    try:
        sheet = load_workbook(path, read_only=True).worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = list(next(rows))
        at = {c: _position(header, c, language) for c in _REGISTER_SHOWN if c not in _OPTIONAL}
        for c in _OPTIONAL:  # the approval levels' reasons, the plans' column: a register without them shows none
            try:
                at[c] = _position(header, c, language)
            except ValueError:
                pass
        return [{**dict.fromkeys(_OPTIONAL, ""), **{c: row[i] for c, i in at.items()}} for row in rows]
    except (OSError, ValueError, KeyError, StopIteration, zipfile.BadZipFile, InvalidFileException):
        return []


def _position(header: list, name: str, language: str) -> int:
    """Where the column ``name`` is in a workbook's ``header``: by its label in the report's language (a money
    column's with its currency), else in another language; ValueError when it is not there."""
    for lang in dict.fromkeys((language, "zh", "en", "both")):
        for text in (column(name, lang), money_column(name, lang)):
            if text in header:
                return header.index(text)
    raise ValueError(f"no column {name!r} in the register")


def raised_because(reason) -> str:
    """Why an approval goes above the level its amount needs, from the register's reason (``approval_reason``,
    its clauses joined by "; " or "；"): the clauses after the amount's own; empty when there are none.

    >>> raised_because("increase to 1 k: the authority for the new limit: Account manager; exposure 768 without an "
    ...                "approved limit: one level above the level it needs, Direct-sales manager")
    'exposure 768 without an approved limit: one level above the level it needs, Direct-sales manager'
    >>> raised_because("增额至54.9万元：按新额度所需权限：地区公司经理"), raised_because(None)
    ('', '')
    """
    text = str(reason or "")
    for sep in ("；", "; "):
        if sep in text:
            return text.split(sep, 1)[1]
    return ""


def _register_counts(path: Path) -> dict[str, int] | None:
    """How many rows the register's first sheet holds (a limit change each), and how many limits the account plans
    ask where the credit page changes nothing (its sheet of them, when there is one); None when unreadable."""
    try:
        book = load_workbook(path, read_only=True)
        rows = max(book.worksheets[0].max_row - 1, 0)
        asked = [ws for ws in book.worksheets if ws.title in ASKED_TITLES.values()]
        plan_rows = sum(1 for r in asked[0].iter_rows(min_row=2, values_only=True) if r and r[1]) if asked else 0
        return {"rows": rows, "plan_asks": plan_rows}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException):
        return None


def _money(value) -> str:
    return f"{float(value):,.0f}" if isinstance(value, int | float) else "–"


def _ordered_forms(folder: Path, forms: list[str], register: str | None, names: dict[str, str], language: str):
    """The customers' forms in the register's order (priority), each with its approval level, the limit in force
    and the recommended one; forms the register does not name follow, by file name."""
    rows, seen = [], set()
    for r in _register_rows(folder / register, language) if register else []:
        href = f"credit_forms/{r['form_file']}"
        if href in forms and href not in seen:
            seen.add(href)
            label = f"{r['name']} ({r['customer_id']})" if r["name"] else str(r["customer_id"])
            limits = f"{_money(r['approved_limit'])} → {_money(r['recommended_limit'])}"
            rows.append(
                {
                    "href": href,
                    "label": label,
                    "level": r["approval_level"] or "",
                    "limits": limits,
                    "why": raised_because(r["approval_reason"]),
                    "plan": r["plan_position"] or "",
                }
            )
    rest = _form_rows([f for f in forms if f not in seen], names)
    return rows + [{**f, "level": "", "limits": "", "why": "", "plan": ""} for f in rest]


def _workbooks(folder: Path, language: str) -> list[dict]:
    """The workbooks of the pages, each with what it holds (a workbook not listed: its file name)."""
    rows = []
    for path in sorted(folder.glob("*.xlsx")) + sorted(folder.glob("calendar/*.xlsx")):
        kind = path.stem.rsplit("_", 1)[0]
        label = pick(*WORKBOOKS[kind], language) if kind in WORKBOOKS else ""
        href = path.relative_to(folder).as_posix()
        rows.append({"href": href, "label": label, "file": href})
    for path in sorted(folder.glob("calendar/*.ics")):
        href = path.relative_to(folder).as_posix()
        who = _calendar_owner(path)
        label = pick(f"Calendar (.ics) of {who}", f"{who}的联络日历（.ics）", language)
        rows.append({"href": href, "label": label, "file": href})
    return rows


def _calendar_owner(path: Path) -> str:
    """The account manager an .ics file of the contact calendar is for (its calendar name says it)."""
    try:
        head, events, _ = path.read_bytes().partition(b"\r\nBEGIN:VEVENT\r\n")  # the name is before the events
        name = str(
            icalendar.Calendar.from_ical(head + b"\r\nEND:VCALENDAR\r\n" if events else head).get("X-WR-CALNAME", "")
        )
    except (ValueError, OSError):
        name = ""
    return name.split(": ", 1)[1] if ": " in name else path.stem


def write_index(
    folder: Path, result: ReportResult, summary: Summary | None = None, today: dt.date | None = None
) -> None:
    """The period's front page (this month's decisions and headline numbers, the pages with what
    each is for, the account plans and the workbooks, the credit forms' register among them) and
    its appendix (each customer's credit forms, the run status, the manifest), linked from the
    index's foot. ``today`` (the day the report is written; the computer's date by default) is
    printed beside the data's date, and the decisions whose deadline it has passed say so."""
    summary, language = summary or Summary(), result.language
    today = today or dt.date.today()
    pages = [_page_row(r, folder, language) for r in result.runs if r.customer_id is None]
    plan_runs = [r for r in result.runs if r.customer_id is not None]
    plans = [_row(r, _plan_label(r), folder, language) for r in plan_runs]
    plan_pages = {r.customer_id: r.html for r in plan_runs if r.status == "ok" and r.html}
    forms_dir = folder / "credit_forms"
    forms = sorted(p.relative_to(folder).as_posix() for p in forms_dir.glob("*.xlsx")) if forms_dir.is_dir() else []
    registers = [f for f in forms if _REGISTER.fullmatch(f)]
    common = {
        "t": functools.partial(pick, lang=language),  # a text of the index in the report's language
        "lang": "en" if language == "en" else "zh-CN",
        "period": result.period,
        "as_of": summary.as_of or result.period,
        "ok": result.ok,
        "appendix": APPENDIX,
        "stop": "." if language == "en" else "。",
        "written": today.isoformat(),
    }
    groups = _decision_rows(summary, pages, plan_pages, language, today)
    passed = sum(r["passed"] for g in groups for r in g["rows"])
    dues = sorted(d.due for d in summary.decisions if d.due)
    late = (today - dt.date.fromisoformat(summary.as_of)).days if summary.as_of and passed else 0
    moved = counted_from_today(late, dues[0]) if late > 0 and dues else None  # the deadlines counted from today
    page = _ENV.get_template("index.html.j2").render(
        **common,
        pdf=result.pdf or "",
        notices=result.notices,
        tiles=summary.tiles,
        decision_groups=groups,
        passed=passed,
        moved=moved,
        decisions_anchor=DECISIONS_ANCHOR,
        decisions_note=summary.note,
        pages=pages,
        plans=plans,
        worklists=_workbooks(folder, language),
        registers=registers,
    )
    (folder / "index.html").write_text(page, encoding="utf-8")
    appendix = _ENV.get_template("appendix.html.j2").render(
        **common,
        pages=pages,
        plans=plans,
        registers=registers,
        register_counts=_register_counts(folder / registers[0]) if registers else None,
        forms=_ordered_forms(
            folder, [f for f in forms if f not in registers], (registers or [None])[0], summary.names, language
        ),
    )
    (folder / APPENDIX).write_text(appendix, encoding="utf-8")


def write_manifest(folder: Path, result: ReportResult, store: Path, policy: str) -> None:
    """``manifest.json``: the run as data (period, store, policy, each notebook's outcome)."""
    manifest = {
        "period": result.period,
        "store": str(store),
        "policy": policy or None,
        "created": dt.datetime.now().isoformat(timespec="seconds"),
        "ok": result.ok,
        "notices": result.notices,
        "snapshot": result.snapshot or None,
        "pdf": result.pdf,
        "notebooks": [asdict(r) for r in result.runs],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
