"""The credit forms register: one row per customer whose recommended limit differs from the
approved one, and the names of the forms' files.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ... import credit, paths
from ...paths import safe_name
from ..excel import write_workbook
from ..formats import columns_of
from ..labels import language, pick

#: Columns of the credit forms register after ``customer_id``: the content of the limit
#: application, and where its full forms are.
REGISTER_COLUMNS: tuple[str, ...] = (
    "name",
    "account_manager",
    "grade",
    "score",
    "previous_grade",
    "approved_limit",
    "recommended_limit",
    "limit_change",
    "action",
    "proposed_terms_days",
    "approval_level",
    "approval_reason",
    "exceptions",
    "exposure",
    "utilization",
    "overdue",
    "review_reasons",
    "top_losses",
    "form_file",
)
#: Register columns shown as money (the format registry's); ``utilization`` is shown as a percentage.
REGISTER_MONEY: tuple[str, ...] = tuple(columns_of(REGISTER_COLUMNS, "money"))


def form_file_name(customer_id: str, period: str) -> str:
    """File name of one customer's credit forms workbook: ``credit_forms_<safe name>_<period>.xlsx``
    with the id's :func:`kamtools.paths.safe_name` (readable part and digest), so two customers
    never share a workbook and no customer's forms take the register's name
    (:func:`register_file_name`).

    >>> form_file_name("A/B 7", "2026-10")
    'credit_forms_A_B_7_9e26fdf7_2026-10.xlsx'
    >>> form_file_name("register", "2026-10") != register_file_name("2026-10")
    True
    """
    return f"credit_forms_{safe_name(customer_id)}_{period}.xlsx"


def register_file_name(period: str) -> str:
    """File name of the credit forms register of ``period``.

    >>> register_file_name("2026-10")
    'credit_forms_register_2026-10.xlsx'
    """
    return f"credit_forms_register_{period}.xlsx"


def form_command(
    customer_id: str, period: str, *, db: str | os.PathLike | None = None, policy: str | os.PathLike | None = None
) -> str:
    """The command that writes one customer's credit forms, quoted for a shell.

    ``db`` and ``policy`` are added when given (the store and policy the forms must come from).

    >>> form_command("C000123", "2026-10")
    'kam credit-forms --customer C000123 --period 2026-10'
    >>> form_command("A B", "2026-10", db="/srv/kam.duckdb")
    "kam credit-forms --customer 'A B' --period 2026-10 --db /srv/kam.duckdb"
    >>> form_command("-7", "2026-10")  # an id that looks like an option
    'kam credit-forms --customer=-7 --period 2026-10'
    """
    cid = shlex.quote(str(customer_id))
    parts = [
        "kam credit-forms",
        f"--customer={cid}" if cid.startswith("-") else f"--customer {cid}",
        f"--period {shlex.quote(period)}",
    ]
    if db:
        parts.append(f"--db {shlex.quote(str(db))}")
    if policy:
        parts.append(f"--policy {shlex.quote(str(policy))}")
    return " ".join(parts)


def credit_forms_register(
    limits: pd.DataFrame,
    scores: pd.DataFrame,
    customers: pd.DataFrame,
    period: str,
    policy: Any = None,
    *,
    written: Mapping[str, str | os.PathLike] | None = None,
    db: str | os.PathLike | None = None,
    policy_file: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """One row for every customer whose recommended limit differs from the approved one.

    Rows follow :func:`kamtools.credit.forms_queue` (increases first, the highest approval
    level first, then the amount; then decreases) and hold the content of the customer's
    limit application (客户授信申请表): name, account manager, grade, score, previous grade,
    approved and recommended limit, the change, the recommended action (a legal case: *withdraw the
    limit, hand to legal*), the approval level it needs, exposure, utilization, overdue, the re-review
    reasons and the three items that cost most points (``top_losses``). ``form_file`` names the
    customer's full forms workbook when it is in ``written``, else it says the credit department
    writes them on request (in the report's language); ``form_command`` holds the command that writes
    them (:func:`form_command`), for the credit department's own tools: the register workbook shows
    no command line, only which customers' forms are written on request and, once, how.

    Parameters
    ----------
    limits, scores
        Results of :func:`kamtools.credit.limits` and :func:`kamtools.credit.score` for the
        period's last day, indexed by ``customer_id``.
    customers
        The customers table (``customer_id``, ``name``, ``account_manager``).
    period
        Report month ``YYYY-MM``.
    policy
        Policy path, mapping or None (the order of the queue depends on its approval levels).
    written
        Customer id -> path of the forms workbook written for it (the forms sit beside the
        register, so ``form_file`` holds the file name).
    db, policy_file
        The store and the policy file the report used; named in the command when they are not
        the defaults.

    Returns
    -------
    DataFrame indexed by ``customer_id`` with :data:`REGISTER_COLUMNS`; inputs unchanged.

    Examples
    --------
    >>> import kamtools as kt
    >>> from kamtools import credit
    >>> data = kt.sample_data(customers=30, years=2, seed=1)
    >>> sc = credit.score(data, "2026-10-31"); lim = credit.limits(data, "2026-10-31", scores=sc)
    >>> reg = credit_forms_register(lim, sc, data.customers, "2026-10", {"credit": {"forms_cap": 1}})
    >>> len(reg) == int((lim["limit_change"] != 0).sum()), reg["form_command"].iloc[-1].startswith("kam credit-forms")
    (True, True)
    >>> reg["form_file"].iloc[-1]
    'on request from the credit department'
    """
    ids = pd.Index(credit.forms_queue(limits, policy).index, name="customer_id")
    cust = customers.set_index("customer_id") if "customer_id" in customers.columns else customers
    content = REGISTER_COLUMNS[:-1]
    parts, taken = [], set()
    for source in (limits, scores, cust):  # each column from the first table that has it
        cols = [c for c in content if c in source.columns and c not in taken]
        taken.update(cols)
        if cols:
            part = source[cols]
            parts.append(part.set_axis(part.index.astype("str")).reindex(ids))
    out = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=ids)
    out = out.reindex(columns=list(content))
    out.index.name = "customer_id"
    for col in ("exceptions", "review_reasons", "top_losses"):  # nothing to say: an empty cell
        s = out[col].astype("object")
        out[col] = s.where(s.notna() & (s != ""), None)
    store = db if db and Path(db).resolve() != paths.default_db().resolve() else None
    files = {str(cid): Path(p).name for cid, p in (written or {}).items()}
    on_request = pick("on request from the credit department", "信用部按需生成")
    out["form_file"] = [files.get(cid, on_request) for cid in ids]
    out["form_command"] = [form_command(cid, period, db=store, policy=policy_file or None) for cid in ids]
    return out


#: The columns of the register's sheet of the forms on request: who, the level that approves, the change.
ON_REQUEST = ("name", "approval_level", "approved_limit", "recommended_limit", "limit_change")
#: The columns of the sheet of recommendations that keep the limit but change the terms or hand arrears over.
TERMS_ONLY = ("name", "account_manager", "grade", "approved_limit", "payment_terms_days", "proposed_terms_days",
              "action", "approval_level", "exposure", "overdue")  # fmt: skip
#: That sheet's title in each language (a sheet's title is at most 31 characters: both languages get a short one).
TERMS_TITLES = {
    "en": "Terms changes, limit kept",
    "zh": "付款条件调整（额度不变）",
    "both": "付款条件调整 Terms changes",
}


def terms_only(limits: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """The recommendations that keep the limit but shorten the payment terms (or turn them to cash in advance) or
    hand the arrears to collections or legal action, which the approval level signs as it would a decrease
    (:func:`kamtools.credit.limit_changes` ``terms_only``), with the customer's name and account manager."""
    out = limits.loc[credit.terms_only(limits)].copy()
    names = customers.set_index(customers["customer_id"].astype("str"))
    out["name"] = names["name"].reindex(out.index.astype("str")).to_numpy()
    out["account_manager"] = names["account_manager"].reindex(out.index.astype("str")).to_numpy()
    return out[[c for c in TERMS_ONLY if c in out.columns]]


def write_credit_forms_register(
    register: pd.DataFrame, out_dir: str | os.PathLike, period: str, terms: pd.DataFrame | None = None
) -> Path:
    """Write the register as ``credit_forms_register_<period>.xlsx`` in ``out_dir``.

    The register on the first sheet through :func:`kamtools.output.excel.write_workbook` (streamed,
    so quick for a large book), named in the report's language; the customers whose forms are not yet
    written (``form_file`` not a workbook) on a sheet for the credit department, each with its
    approval level, limits and change, and under them once what the credit department does (it
    writes them with ``kam credit-forms``); the kept limits whose terms change (``terms``, :func:`terms_only`) on a
    sheet of their own. Frozen and filtered header, money with thousands
    separators, utilization as a percentage (the columns' kinds come from the format registry), text
    literal and formula-safe; headers and codes (the approval level) in the report's language
    (:mod:`kamtools.output.labels`).
    """
    shown = register.drop(columns="form_command", errors="ignore")
    sheets, notes = {pick("Register", "登记表"): shown}, {}
    if terms is not None and len(terms):  # kept limits with terms to sign (:func:`terms_only`)
        title = TERMS_TITLES.get(language(), TERMS_TITLES["both"])
        sheets[title] = terms
        notes[title] = pick(
            "The limit stays; the approval level signs the new payment terms as it would a decrease (a legal case's "
            "hand-over is on the legal hand-over list).",
            "额度不变；付款条件调整由对应审批层级按降额的方式签批（移交法务的客户见移交法务清单）。",
        )
    todo = ~register["form_file"].astype("str").str.endswith(".xlsx")
    if todo.any():
        title = pick("Forms on request", "按需生成表单（信用部用）")  # both: 29 characters of 31
        sheets[title] = register.loc[todo, [c for c in ON_REQUEST if c in register.columns]]
        notes[title] = pick(
            f"The credit department writes these customers' credit forms when asked, with kam credit-forms (one "
            f"customer at a time, period {period}).",
            f"以上客户的信用表单由信用部按需用 kam credit-forms 生成（每次一个客户，期间{period}）。",
        )
    return write_workbook(
        Path(out_dir) / register_file_name(period),
        sheets,
        money_columns=columns_of(register.columns, "money"),
        percent_columns=columns_of(register.columns, "share"),
        index=True,
        labels=True,
        notes=notes,
    )
