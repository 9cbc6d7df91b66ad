"""``kam credit-forms``: the credit forms of one customer, from the command line."""

from __future__ import annotations

from typing import Any

from ... import load
from ...periods import check_period, data_period
from .sheets import write_credit_forms


def cli_main(args: Any) -> int:
    """``kam credit-forms``: write the credit forms of ``args.customer`` for ``args.period``.

    ``args`` carries ``customer``, ``period`` (None: the latest complete month of
    the data), ``db`` (None: the default store, else the committed sample),
    ``policy`` (None: the defaults) and ``out`` (folder, default the working
    folder). Returns the exit code; errors (unknown customer, bad period or
    policy) are raised as ``ValueError`` for the command line to report.
    """
    data = load(getattr(args, "db", None) or None)
    try:
        period = check_period(args.period) if getattr(args, "period", None) else data_period(data)
        path = write_credit_forms(
            data, args.customer, period, getattr(args, "out", None) or ".", policy=getattr(args, "policy", None) or None
        )
    finally:
        data.close()
    print(f"wrote {path} (客户信用状况调查表, 信用等级评分项目表, 客户授信申请表)")
    return 0
