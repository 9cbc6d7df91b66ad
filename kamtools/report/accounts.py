"""Which customers get an account plan in the monthly report."""

from __future__ import annotations

import datetime as dt

from .. import segments
from ..periods import as_date


def select_accounts(
    data, as_of: dt.date, policy: dict, accounts: list[str] | None = None, account_manager: str | None = None
) -> list[str]:
    """The customers that get an account plan.

    Given ``accounts``, exactly those (unknown ids are an error). Otherwise the key
    accounts of the pyramid in order of value, of one account manager when
    ``account_manager`` is given, up to ``report.account_plan_cap``.
    """
    customers = data.customers
    if accounts:
        known = set(customers["customer_id"])
        unknown = [a for a in accounts if a not in known]
        if unknown:
            raise ValueError(f"unknown customer id(s) for --accounts: {', '.join(repr(a) for a in unknown)}")
        return list(dict.fromkeys(accounts))
    key = segments.key_accounts(segments.pyramid(data, as_date(as_of), policy))
    if account_manager:
        managers = customers.set_index("customer_id")["account_manager"]
        if account_manager not in set(managers):
            raise ValueError(f"unknown account manager for --account-manager: {account_manager!r}")
        key = key[key.index.map(managers) == account_manager]
    return list(key.index[: int(policy["report"]["account_plan_cap"])])
