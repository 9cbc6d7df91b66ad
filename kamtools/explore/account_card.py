"""The account card: one customer at a glance (profile, trend, credit, receivables, activities,
strategy)."""

from __future__ import annotations

from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from ..output import plots
from ..periods import data_period, period_bounds
from ..store import KamData
from ._common import _policy
from ._view import _Explorer, _frame_html, _png, _record_html, _value_html
from .accounts import _search_keys, search_customers, snapshot
from .customer import (
    card_aging,
    card_credit,
    card_profile,
    card_strategy,
    customer_activities,
    customer_ledger,
    customer_monthly,
)


class AccountCard(_Explorer):
    """One customer at a glance: profile, trend, credit, receivables, activities and strategy.

    Parameters
    ----------
    data
        The book.
    period
        Report month ``YYYY-MM``; None or empty: the latest complete month.
    policy
        Policy path, mapping or None.
    customer
        Customer id shown first; None: the customer with the largest revenue.
    max_options
        Most customers listed in the picker at once (the best matches of the search).

    Attributes
    ----------
    search
        Text box: part of a customer id or name (Chinese or Latin, any case).
    customer
        Dropdown of the matching customers (value: customer id, None when nothing matches).
    profile, credit, aging, strategy
        Series / DataFrame of the customer shown; ``trend`` (monthly invoiced, margin,
        collected), ``receivables`` (open invoices), ``activities`` (latest first).
    figure, axes
        The trend chart.

    Examples
    --------
    >>> import kamtools as kt
    >>> card = AccountCard(kt.sample_data(customers=30, years=2, seed=1), customer="C000003")
    >>> card.profile["customer_id"]
    'C000003'
    """

    def __init__(
        self,
        data: KamData,
        period: str | None = None,
        policy: Any = None,
        *,
        customer: str | None = None,
        max_options: int = 200,
        months: int = 24,
    ) -> None:
        super().__init__()
        self.data = data
        self.period = period or data_period(data)
        self.as_of = period_bounds(self.period)[1]
        self.policy = _policy(policy)
        self.months = months
        self.max_options = max_options
        self.snapshot = snapshot(data, self.as_of, self.policy)
        self.table = self.snapshot.table
        self._keys = _search_keys(self.table)
        self.search = W.Text(
            placeholder="customer id or name, e.g. C000012 or 宏达", description="Search", continuous_update=True
        )
        self.customer = W.Dropdown(
            options=self._choices(self.table.head(max_options)), description="Customer", layout=W.Layout(width="480px")
        )
        if customer is not None:
            customer = str(customer)
            if customer not in self.table.index:
                raise KeyError(f"no customer {customer!r} in the customers table")
            if customer not in [v for _, v in self.customer.options]:
                self.customer.options = self._choices(self.table.loc[[customer]]) + list(self.customer.options)
            self.customer.value = customer
        self.message = W.HTML()
        self.profile_view, self.credit_view, self.receivables_view = W.HTML(), W.HTML(), W.HTML()
        self.activities_view, self.strategy_view = W.HTML(), W.HTML()
        self.chart = W.Image(format="png")
        self.figure = Figure(figsize=(10, 4))
        self.axes: list = []
        self._shown: str | None = None
        self.search.observe(self._searched, names="value")
        self.customer.observe(self._changed, names="value")
        tabs = W.Tab(
            children=[
                self.profile_view,
                self.chart,
                self.credit_view,
                self.receivables_view,
                self.activities_view,
                self.strategy_view,
            ]
        )
        for i, title in enumerate(["Profile", "Trend", "Credit", "Receivables", "Activities", "Strategy"]):
            tabs.set_title(i, title)
        self.tabs = tabs
        self.widget = W.VBox([W.HBox([self.search, self.customer]), self.message, tabs])
        self.update()

    def _choices(self, rows: pd.DataFrame) -> list[tuple[str, str]]:
        return [(f"{cid}  {name}", str(cid)) for cid, name in zip(rows.index, rows["name"].astype("str"))]

    def matches(self, text: str | None = None) -> pd.DataFrame:
        """The customers matching ``text`` (default: the search box), best first."""
        text = self.search.value if text is None else text
        return search_customers(self.table, text, keys=self._keys)

    def _searched(self, change: Any = None) -> None:
        found = self.matches()
        choices = self._choices(found.head(self.max_options))
        current = self.customer.value
        self._holding += 1  # typing a search updates the card only when the customer changes
        try:
            self.customer.options = choices
            values = [v for _, v in choices]
            if values:
                self.customer.value = current if current in values else values[0]
            else:
                self.customer.value = None
        finally:
            self._holding -= 1
        if self.customer.value != self._shown:
            self._changed()
        more = len(found) - len(choices)
        self.message.value = (
            f"{len(found):,} customers match" + (f"; the first {len(choices):,} are listed" if more > 0 else "")
            if self.search.value.strip()
            else ""
        )

    def show(self, customer_id: str) -> None:
        """Show ``customer_id`` (clearing a search that would hide it)."""
        customer_id = str(customer_id)
        if customer_id not in self.table.index:
            raise KeyError(f"no customer {customer_id!r} in the customers table")
        with self.hold():
            if customer_id not in [v for _, v in self.customer.options]:
                self.search.value = customer_id
            self.customer.value = customer_id

    def update(self) -> None:
        """Fill the card for the selected customer."""
        cid = self.customer.value
        self._shown = cid
        if cid is None:
            self.profile = self.credit = self.aging = pd.Series(dtype=object)
            self.trend = self.receivables = self.activities = self.strategy = pd.DataFrame()
            for view in (
                self.profile_view,
                self.credit_view,
                self.receivables_view,
                self.activities_view,
                self.strategy_view,
            ):
                view.value = "<i>No customer matches the search.</i>"
            self.figure.clear()
            self.axes = []
            self.chart.value = b""
            return
        snap = self.snapshot
        prof = card_profile(self.data, snap, cid)
        self.profile = pd.Series(prof, dtype=object)
        self.profile_view.value = _record_html({k: self._fmt(k, v) for k, v in prof.items()})
        self._draw_trend(cid)

        cr = card_credit(snap, cid)
        self.credit = pd.Series(cr, dtype=object)
        self.credit_view.value = _record_html({k: self._fmt(k, v) for k, v in cr.items()})

        ledger = customer_ledger(self.data, cid, self.as_of)
        self.receivables = ledger.open_items.drop(columns=["customer_id"])
        self.aging = card_aging(snap, cid)
        self.receivables_view.value = (
            "<b>By age</b>"
            + _frame_html(self.aging.to_frame("amount"), 20)
            + f"<b>Open invoices ({len(self.receivables):,})</b>"
            + _frame_html(self.receivables, 30)
        )

        self.activities = customer_activities(self.data, cid, self.as_of)
        self.activities_view.value = (
            _frame_html(self.activities, 30) if len(self.activities) else "<i>No activities recorded.</i>"
        )

        self.strategy = card_strategy(snap, cid)
        self.strategy_view.value = _frame_html(self.strategy, 10)

    def _draw_trend(self, cid: str) -> None:
        """The customer's invoiced and collected amounts per month (``trend``), drawn on the figure."""
        self.trend = customer_monthly(self.data, cid, self.period, self.months)
        self.figure.clear()
        ax = self.figure.subplots()
        self.figure.subplots_adjust(left=0.1, right=0.98, top=0.9, bottom=0.22)
        self.axes = [ax]
        plots.monthly_activity(self.trend, ax=ax)
        name = str(self.table.loc[cid, "name"]).replace("$", r"\$")  # "$" would start matplotlib's mathtext
        ax.set_title(f"{cid} {name}: invoiced and collected per month")
        self.chart.value = _png(self.figure)

    @staticmethod
    def _fmt(key: str, v: Any) -> str:
        return _value_html(key, v)
