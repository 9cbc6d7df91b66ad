"""Draw a credit review pack: recommendations picked at random from a book, each with the
evidence a credit committee reads, and empty columns for its decision.

    .venv/bin/python tools/credit_review_pack.py --out review_pack.xlsx [--db STORE] [--as-of DATE]
        [--cases 20] [--seed 1] [--policy FILE]

The team runs the same blind review on each change of the credit rules: a reviewer marks each
case "sign", "amend" or "reject" with a comment, and the share signed is the measure (issue:
"credit decisions a credit committee would sign"). Customers without exposure, limit or
purchases are not drawn (nothing to decide). The workbook is formula-safe (text from the data
stays text).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import kamtools as kt
from kamtools.credit.limit_words import bucket_words
from kamtools.output.excel import write_workbook

#: The evidence of each case, in the order a committee reads it.
EVIDENCE = [
    "customer_id",
    "name",
    "industry",
    "account_manager",
    "group",
    "score",
    "scored_grade",
    "known_items",
    "grade",
    "previous_grade",
    "override_grade",
    "override_limit",
    "override_reason",
    "override_by",
    "assessed_on",
    "top_losses",
    "equity",
    "working_capital",
    "financials_on",
    "avg_monthly_purchases",
    "need_purchases",
    "months_bought",
    "payment_terms_days",
    "grace_days",
    "open_orders",
    "terms_need",
    "capacity_cap",
    "starter_limit",
    "collateral",
    "open_receivables",
    "overdue",
    "max_days_past_due",
    "arrears",
    "provision",
    "provision_rates",
    "exposure",
    "approved_limit",
    "handler_exposure",
    "approved_by",
    "approved_on",
    "exceptions",
    "recommended_limit",
    "limit_change",
    "action",
    "collect_first",
    "orders_held",
    "limit_reason",
    "proposed_terms_days",
    "approval_level",
    "approval_reason",
    "holds",
    "review_reasons",
]


def review_pack(data: kt.KamData, as_of: str, cases: int = 20, seed: int = 1, policy=None) -> pd.DataFrame:
    """``cases`` recommendations drawn at random (``seed``) with their evidence, and the columns
    ``decision`` and ``comment`` for the reviewer."""
    scores = kt.credit.score(data, as_of, policy)
    lim = kt.credit.limits(data, as_of, policy, scores=scores)
    held = kt.credit.holds(data, as_of, policy, lim=lim)
    members = kt.credit.group_members(data, as_of, policy, lim=lim)
    book = lim.join(data.customers.set_index("customer_id")[["name", "industry", "account_manager"]])
    book["top_losses"] = scores["top_losses"].reindex(book.index)
    book["holds"] = held["rules"].reindex(book.index).fillna("") if len(held) else ""
    book["group"] = members["group_id"].reindex(book.index).fillna("") if len(members) else ""
    # the rates the provisions of the reasons are made at (the receivables page's), for every case
    rates = kt.policy.load_policy(policy)["receivables"]["provision_rates"]
    book["provision_rates"] = ", ".join(f"{bucket_words(b)} {float(r) * 100:g} %" for b, r in rates.items())
    active = book[(book["exposure"] > 0) | (book["approved_limit"] > 0) | (book["avg_monthly_purchases"] > 0)]
    drawn = active.sample(n=min(cases, len(active)), random_state=seed)
    pack = drawn.rename_axis("customer_id").reset_index()
    pack = pack[[c for c in EVIDENCE if c in pack.columns]]
    for col in ("assessed_on", "financials_on", "approved_on", "override_on"):
        if col in pack:  # a day reads as its date in any spreadsheet (not as a serial number)
            pack[col] = pd.to_datetime(pack[col]).dt.strftime("%Y-%m-%d").fillna("")
    pack["decision"] = ""  # sign | amend | reject
    pack["comment"] = ""
    return pack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the .xlsx file to write")
    parser.add_argument("--db", default=None, help="store (default: $KAM_DB or data/kam.duckdb, else the sample)")
    parser.add_argument("--as-of", default="2026-09-30", help="the day of the decisions")
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--policy", default=None)
    args = parser.parse_args(argv)
    data = kt.load(args.db) if args.db else kt.load()
    pack = review_pack(data, args.as_of, args.cases, args.seed, args.policy)
    money = [c for c in EVIDENCE if kt.output.formats.kind_of(c) == "money" and c in pack]
    write_workbook(Path(args.out), {"review": pack}, money_columns=money, freeze_first_column=True)
    print(f"wrote {args.out}: {len(pack)} cases drawn with seed {args.seed} on {args.as_of}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
