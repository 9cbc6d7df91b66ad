"""``kam letters`` and ``kam statement``: the collection documents of a period, from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import load, segments
from ..periods import check_period, data_period, period_end
from ..policy import load_policy
from .documents import pdf_converter
from .letters import write_letters
from .statements import write_statements


def _period(args: Any, data: Any) -> str:
    return check_period(args.period) if getattr(args, "period", None) else data_period(data)


def letters_main(args: Any) -> int:
    """``kam letters``: the dunning letters of ``args.period`` into ``<out>/<period>/letters/``.

    ``args`` carries ``period`` (None: the latest complete month of the data), ``db`` (None:
    the default store, else the committed sample), ``policy``, ``out`` and ``customer`` (a list
    of ids, or None: every customer at a level with a letter). Errors are raised for the command
    line to report.
    """
    data = load(getattr(args, "db", None) or None)
    try:
        period = _period(args, data)
        result = write_letters(data, period, args.out, getattr(args, "policy", None) or None,
                               customer_ids=args.customer or None)  # fmt: skip
    finally:
        data.close()
    docx = [f for f in result.files if f.suffix == ".docx"]
    print(f"wrote {len(docx)} dunning letters (催款函) for {period} into {result.folder}")
    if result.register is not None:
        print(f"register: {result.register}")
    if args.customer and not docx:
        print("no letter: the customer's dunning level has no letter (see kt.receivables.dunning)")
    if result.notice:
        print(result.notice)
    return 0


def statement_main(args: Any) -> int:
    """``kam statement``: statements of account (对账单) of ``args.period`` into
    ``<out>/<period>/statements/``: for the ids of ``args.customer``, or with ``args.key_accounts``
    for every key account of the pyramid at the period's end."""
    if not args.customer and not args.key_accounts:  # before reading the data: the command cannot run
        raise ValueError("name a customer with --customer ID, or write every key account's with --key-accounts")
    data = load(getattr(args, "db", None) or None)
    try:
        period = _period(args, data)
        pol = load_policy(getattr(args, "policy", None) or None)
        ids = list(args.customer or [])
        if args.key_accounts:
            key = segments.key_accounts(segments.pyramid(data, period_end(period), pol))
            ids += [str(c) for c in key.index if str(c) not in ids]
        if not ids:  # --key-accounts on a book without one
            raise ValueError("name a customer with --customer ID, or write every key account's with --key-accounts")
        folder = Path(args.out) / period / "statements"
        written = write_statements(data, ids, period, folder, pol)
    finally:
        data.close()
    print(f"wrote {len(ids)} statements of account (对账单) for {period} into {folder} ({len(written)} files)")
    if pdf_converter() is None:
        print("no PDF: LibreOffice (soffice) is not installed; the statements are written as .xlsx and .docx")
    return 0
