"""The portfolio explorer: filter the accounts, see a table, linked charts and an Excel export."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from .. import credit, paths
from .. import segments as seg
from ..output import plots
from ..output.excel import write_workbook
from ..output.formats import columns_of
from ..periods import period_bounds
from ..store import KamData
from ..text import html_text
from ._common import _policy, available_periods
from ._view import _Explorer, _frame_html, _money_html, _options, _png
from .accounts import ALL, Snapshot, filter_accounts, snapshot


class PortfolioExplorer(_Explorer):
    """Filter the portfolio and see the accounts, linked charts and an Excel export.

    Parameters
    ----------
    data
        The book.
    period
        Report month ``YYYY-MM``; None or empty: the latest complete month.
    policy
        Policy path, mapping or None.
    output_dir
        Folder of the Excel export; empty: :func:`kamtools.paths.output_folder` (reports/scratch/).
    max_rows
        Rows shown in the table (the selection and the export hold all).

    Attributes
    ----------
    period, region, account_manager, tier, grade, stage
        The filter widgets (Dropdowns; value ``""`` is "(all)").
    export_button
        Writes the selection to ``portfolio_<period>.xlsx`` in the output folder.
    table
        The accounts of the period (:func:`account_table`); ``selection``: the filtered rows.
    figure, axes
        The charts (grades, lifecycle stages, receivables by age per account manager).
    last_export
        Path of the last export, or None.

    Examples
    --------
    >>> import kamtools as kt
    >>> ex = PortfolioExplorer(kt.sample_data(customers=30, years=2, seed=1))
    >>> ex.tier.value = "key"
    >>> set(ex.selection["tier"])
    {'key'}
    """

    def __init__(
        self,
        data: KamData,
        period: str | None = None,
        policy: Any = None,
        *,
        output_dir: str | os.PathLike = "",
        max_rows: int = 50,
    ) -> None:
        super().__init__()
        self.data = data
        self.policy = _policy(policy)
        self.output_dir = output_dir
        self.max_rows = max_rows
        self._snapshots: dict[str, Snapshot] = {}
        periods = available_periods(data)
        period = period or periods[0]
        if period not in periods:
            periods = sorted(set(periods) | {period}, reverse=True)
        self.period = W.Dropdown(options=periods, value=period, description="Period")
        snap = self._snapshot(period)
        t = snap.table
        self.region = W.Dropdown(options=_options(t["region"]), value=ALL, description="Region")
        self.account_manager = W.Dropdown(options=_options(t["account_manager"]), value=ALL, description="Manager")
        self.tier = W.Dropdown(options=_options(seg.TIER_ORDER, seg.TIER_ORDER), value=ALL, description="Tier")
        grades = credit.grade_order(self.policy)
        self.grade = W.Dropdown(options=_options(grades, grades), value=ALL, description="Grade")
        self.stage = W.Dropdown(
            options=_options(seg.LIFECYCLE_ORDER, seg.LIFECYCLE_ORDER), value=ALL, description="Stage"
        )
        self.export_button = W.Button(
            description="Export to Excel", icon="file-excel-o", tooltip="Write the selected accounts to an .xlsx file"
        )
        self.status = W.HTML()
        self.summary = W.HTML()
        self.table_view = W.HTML()
        self.chart = W.Image(format="png")
        self.figure = Figure(figsize=(15, 4.6))
        self.axes: list = []
        self.last_export: Path | None = None
        for w in self.filters.values():
            w.observe(self._changed, names="value")
        self.export_button.on_click(lambda _: self._export_clicked())
        controls = W.VBox(
            [
                W.HBox([self.period, self.region, self.account_manager]),
                W.HBox([self.tier, self.grade, self.stage]),
                W.HBox([self.export_button, self.status]),
            ]
        )
        self.widget = W.VBox([controls, self.summary, self.chart, self.table_view])
        self.update()

    @property
    def filters(self) -> dict[str, W.Dropdown]:
        """The filter widgets by name (period first)."""
        return {
            "period": self.period,
            "region": self.region,
            "account_manager": self.account_manager,
            "tier": self.tier,
            "grade": self.grade,
            "stage": self.stage,
        }

    @property
    def as_of(self) -> dt.date:
        """Last day of the selected period."""
        return period_bounds(self.period.value)[1]

    def _snapshot(self, period: str) -> Snapshot:
        if period not in self._snapshots:
            self._snapshots[period] = snapshot(self.data, period_bounds(period)[1], self.policy)
        return self._snapshots[period]

    @property
    def snapshot(self) -> Snapshot:
        """The :class:`Snapshot` of the selected period."""
        return self._snapshot(self.period.value)

    @property
    def table(self) -> pd.DataFrame:
        """Every customer of the selected period (:func:`account_table`)."""
        return self.snapshot.table

    def set_filters(self, **values: Any) -> None:
        """Set several filters (``period``, ``region``, ...) and update once."""
        unknown = set(values) - set(self.filters)
        if unknown:
            raise TypeError(f"unknown filter(s) {', '.join(sorted(unknown))} (filters: {', '.join(self.filters)})")
        with self.hold():
            for name, value in values.items():
                self.filters[name].value = ALL if value is None else value

    def update(self) -> None:
        """Apply the filters: selection, summary, table and charts."""
        snap = self.snapshot
        sel = filter_accounts(
            snap.table,
            region=self.region.value,
            account_manager=self.account_manager.value,
            tier=self.tier.value,
            grade=self.grade.value,
            stage=self.stage.value,
        )
        self.selection = sel
        self.summary.value = (
            f"<b>{len(sel):,}</b> of {len(snap.table):,} customers on {snap.as_of} &middot; revenue (12 months) "
            f"<b>{_money_html(sel['revenue_12m'].sum())}</b> &middot; margin {_money_html(sel['margin_12m'].sum())}"
            f" &middot; open receivables {_money_html(sel['open_receivables'].sum())}, of which overdue "
            f"<b>{_money_html(sel['overdue'].sum())}</b>"
        )
        self.table_view.value = _frame_html(sel, self.max_rows)
        self._draw(snap, sel)

    def _draw(self, snap: Snapshot, sel: pd.DataFrame) -> None:
        fig = self.figure
        fig.clear()
        self.axes = list(fig.subplots(1, 3))
        # Fixed margins: drawing is twice as quick as with a layout engine.
        fig.subplots_adjust(left=0.05, right=0.99, top=0.92, bottom=0.25, wspace=0.3)
        plots.grade_distribution(sel[["grade"]], policy=self.policy, ax=self.axes[0])
        plots.lifecycle_chart(sel[["stage", "revenue_12m"]], ax=self.axes[1])
        ag = snap.aging.reindex(sel.index.intersection(snap.aging.index))
        plots.aging_stack(
            ag, group=sel["account_manager"], ax=self.axes[2], title="Receivables by age, per account manager"
        )
        self.chart.value = _png(fig)

    def export(self, folder: str | os.PathLike | None = None) -> Path:
        """Write the selection to ``portfolio_<period>.xlsx`` (sheets Accounts and Filters)."""
        out = paths.output_folder(self.output_dir if folder is None else folder)
        shown = {name: (w.value if w.value != ALL else "(all)") for name, w in self.filters.items()}
        filt = pd.DataFrame({"filter": list(shown), "value": list(shown.values())})
        path = write_workbook(
            out / f"portfolio_{self.period.value}.xlsx",
            {"Accounts": self.selection, "Filters": filt},
            money_columns=columns_of(self.selection.columns, "money"),
            percent_columns=columns_of(self.selection.columns, "share"),
            freeze_first_column=True,
        )
        self.last_export = path
        return path

    def _export_clicked(self) -> None:
        try:
            path = self.export()
        except OSError as exc:
            self.status.value = f"<span style='color:#c62828'>Export failed: {html_text(exc)}</span>"
        else:
            self.status.value = f"Wrote {len(self.selection):,} accounts to {html_text(path)}"
