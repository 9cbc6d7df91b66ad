"""The credit what-if explorer: edit the credit policy, see grades, limits and approvals change."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as W
import pandas as pd
from matplotlib.figure import Figure

from .. import paths
from ..output import plots
from ..periods import data_period, period_bounds
from ..policy import PolicyError, load_policy, save_policy
from ..store import KamData
from ..text import html_text, num
from ._common import _policy, plain_policy
from ._view import _Explorer, _money_html, _png
from .whatif import _bounds, credit_base, scale_weights, what_if


def _number(key: str, value: float, step: float = 1.0, width: str = "230px", **kw: Any) -> W.Widget:
    """A number box for the policy item ``key``, bounded by its allowed range."""
    lo, hi = _bounds(key)
    return W.BoundedFloatText(
        value=float(value),
        min=lo if lo is not None else -1e15,
        max=hi if hi is not None else 1e15,
        step=step,
        layout=W.Layout(width=width),
        style={"description_width": "140px"},
        **kw,
    )


def _slider(key: str, value: float, step: float, **kw: Any) -> W.Widget:
    """A slider over the allowed range of the policy item ``key``."""
    lo, hi = _bounds(key)
    return W.FloatSlider(
        value=float(value),
        min=lo,
        max=hi,
        step=step,
        continuous_update=False,
        style={"description_width": "140px"},
        **kw,
    )


class CreditWhatIf(_Explorer):
    """Edit the credit policy and see grades, recommended limits and approvals change live.

    The explorer edits a copy of the policy (``.policy``); :meth:`save` writes it as a
    YAML file for ``kam report --policy``.

    Parameters
    ----------
    data
        The book.
    period
        Report month ``YYYY-MM``; None or empty: the latest complete month.
    policy
        The starting policy: path, mapping or None.
    output_dir
        Folder of the saved policy; empty: :func:`kamtools.paths.output_folder`.

    Attributes
    ----------
    weights
        Scorecard weight per item (number inputs); they must add up to 100
        (``scale_button`` scales them).
    cutoffs
        Lowest score of each grade but the last (sliders).
    multiplier
        The grade's multiplier on the terms need, per grade (sliders).
    grace_days, rounding, purchase_months, missing
        The other limit and scoring rules.
    approval_levels
        Authority of each level with a ceiling (its ``up_to``, the largest resulting limit it
        approves), by level key (number inputs).
    save_path, save_button, reset_button, scale_button
        Saving, going back to the starting policy, scaling the weights to 100.
    result, baseline
        :class:`WhatIfResult` of the edited and of the starting policy.
    error
        Why the edited policy is not valid (then ``result`` is that of the last valid
        one), or None.
    figure, axes
        Grades (starting vs edited policy) and limit changes by approval level.

    Examples
    --------
    >>> import kamtools as kt
    >>> wi = CreditWhatIf(kt.sample_data(customers=30, years=2, seed=1))
    >>> wi.cutoffs["AAA"].value = 99
    >>> int(wi.result.grades["AAA"]), wi.policy["credit"]["grades"]["AAA"]
    (0, 99.0)
    """

    def __init__(
        self, data: KamData, period: str | None = None, policy: Any = None, *, output_dir: str | os.PathLike = ""
    ) -> None:
        super().__init__()
        self.data = data
        self.period = period or data_period(data)
        self.as_of = period_bounds(self.period)[1]
        self.start_policy = _policy(policy)
        self.policy = plain_policy(self.start_policy)
        self.output_dir = output_dir
        self.base = credit_base(data, self.as_of, self.start_policy)
        self.baseline = what_if(data, self.as_of, self.start_policy, base=self.base)
        self.result = self.baseline
        self.error: str | None = None
        self.last_saved: Path | None = None
        self._paths: dict[int, tuple[str, ...]] = {}
        self._policy_widgets(self.policy["credit"])
        self.weights_total = W.HTML()
        self.scale_button = W.Button(description="Scale weights to 100")
        self.reset_button = W.Button(description="Reset")
        default_file = paths.output_folder(output_dir) / "credit_policy.yaml"
        self.save_path = W.Text(value=str(default_file), description="Save as", layout=W.Layout(width="520px"))
        self.save_button = W.Button(description="Save policy", icon="save")
        self.message = W.HTML()
        self.summary = W.HTML()
        self.chart = W.Image(format="png")
        self.figure = Figure(figsize=(12, 4.2))
        self.axes: list = []
        self.scale_button.on_click(lambda _: self.scale())
        self.reset_button.on_click(lambda _: self.reset())
        self.save_button.on_click(lambda _: self._save_clicked())
        self.widget = self._layout()
        self.update()

    def _bind(self, widget: W.Widget, path: tuple[str, ...]) -> W.Widget:
        """Let ``widget`` edit the policy item at ``path``."""
        self._paths[id(widget)] = path
        widget.observe(self._edited, names="value")
        return widget

    def _policy_widgets(self, c: dict) -> None:
        """One widget per editable item of the credit section ``c``."""
        bind = self._bind
        self.weights = {
            k: bind(_number(f"credit.weights.{k}", v, 0.5, description=k), ("credit", "weights", k))
            for k, v in c["weights"].items()
        }
        grades = list(c["grades"])
        self.cutoffs = {
            g: bind(
                _slider(f"credit.grades.{g}", c["grades"][g], 1.0, description=f"{g} from"), ("credit", "grades", g)
            )
            for g in grades[:-1]
        }
        mult = c["limit"]["multiplier"]
        self.multiplier = {
            g: bind(
                _slider(f"credit.limit.multiplier.{g}", mult[g], 0.05, description=f"{g} x need"),
                ("credit", "limit", "multiplier", g),
            )
            for g in mult
        }
        self.rounding = bind(
            _number("credit.limit.rounding", c["limit"]["rounding"], 100.0, description="round to"),
            ("credit", "limit", "rounding"),
        )
        self.grace_days = bind(
            W.IntSlider(
                value=int(c["limit"]["grace_days"]),
                min=0,
                max=120,
                continuous_update=False,
                description="grace days",
                style={"description_width": "140px"},
            ),
            ("credit", "limit", "grace_days"),
        )
        lo, hi = _bounds("credit.limit.purchase_months")
        self.purchase_months = bind(
            W.IntSlider(
                value=int(c["limit"]["purchase_months"]),
                min=int(lo),
                max=int(hi),
                continuous_update=False,
                description="purchase months",
                style={"description_width": "140px"},
            ),
            ("credit", "limit", "purchase_months"),
        )
        self.missing = bind(
            W.Dropdown(
                options=["neutral", "worst"],
                value=c["missing"],
                description="missing items",
                style={"description_width": "140px"},
            ),
            ("credit", "missing"),
        )
        self.approval_levels = {
            lv["key"]: bind(
                _number(
                    "credit.approval_levels.up_to",
                    lv["up_to"],
                    10000.0,
                    width="300px",
                    description=f"{lv['key']} up to",
                ),
                ("credit", "approval_levels", i, "up_to"),
            )
            for i, lv in enumerate(c["approval_levels"])
            if lv["up_to"] is not None
        }

    def _layout(self) -> W.Widget:
        """The explorer's widget: tabs of the policy items, saving, messages, summary and chart."""
        w_items = list(self.weights.values())
        half = (len(w_items) + 1) // 2
        weights_box = W.VBox(
            [W.HBox([W.VBox(w_items[:half]), W.VBox(w_items[half:])]), W.HBox([self.weights_total, self.scale_button])]
        )
        grades_box = W.VBox([*self.cutoffs.values(), self.missing])
        limits_box = W.VBox([*self.multiplier.values(), self.grace_days, self.purchase_months, self.rounding])
        approvals_box = W.VBox(list(self.approval_levels.values()))
        tabs = W.Tab(children=[weights_box, grades_box, limits_box, approvals_box])
        for i, title in enumerate(["Weights", "Grades", "Limits", "Approvals"]):
            tabs.set_title(i, title)
        return W.VBox(
            [
                tabs,
                W.HBox([self.reset_button, self.save_path, self.save_button]),
                self.message,
                self.summary,
                self.chart,
            ]
        )

    # -- editing
    def _edited(self, change: Any) -> None:
        path = self._paths[id(change["owner"])]
        value = change["new"]
        node = self.policy
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = int(value) if path[-1] in ("purchase_months", "grace_days") else value
        self._changed()

    def set_policy(self, policy: Any) -> None:
        """Load a whole policy (path, mapping or None for the defaults) into the widgets."""
        pol = load_policy(policy)
        c = pol["credit"]
        with self.hold():
            for k, w in self.weights.items():
                w.value = float(c["weights"][k])
            for g, w in self.cutoffs.items():
                w.value = float(c["grades"][g])
            for g, w in self.multiplier.items():
                w.value = float(c["limit"]["multiplier"][g])
            self.grace_days.value = int(c["limit"]["grace_days"])
            self.rounding.value = float(c["limit"]["rounding"])
            self.purchase_months.value = int(c["limit"]["purchase_months"])
            self.missing.value = c["missing"]
            up_to = {lv["key"]: lv["up_to"] for lv in c["approval_levels"]}
            for name, w in self.approval_levels.items():
                w.value = float(up_to[name])
            self.policy = plain_policy(pol)

    def reset(self) -> None:
        """Back to the starting policy."""
        self.set_policy(self.start_policy)

    def scale(self) -> None:
        """Scale the weights so that they add up to 100."""
        scaled = scale_weights({k: w.value for k, w in self.weights.items()})
        with self.hold():
            for k, w in self.weights.items():
                w.value = scaled[k]

    # -- results
    def update(self) -> None:
        """Recompute the result of the edited policy and redraw."""
        total = sum(float(v) for v in self.policy["credit"]["weights"].values())
        color = "#2e7d32" if abs(total - 100) <= 1e-6 else "#c62828"
        self.weights_total.value = f"<span style='color:{color}'>weights add up to <b>{total:g}</b> (need 100)</span>"
        try:  # the starting policy again (Reset): its result is the baseline, worked out already
            same = self.policy == self.start_policy
            self.result = self.baseline if same else what_if(self.data, self.as_of, self.policy, base=self.base)
        except PolicyError as exc:
            self.error = str(exc)
            self.message.value = f"<span style='color:#c62828'>{html_text(self.error)}</span>"
            return
        self.error = None
        self.message.value = ""
        r, b = self.result, self.baseline
        grades = pd.DataFrame({"starting policy": b.grades, "edited policy": r.grades})
        appr = pd.DataFrame({"starting policy": b.approvals_needed, "edited policy": r.approvals_needed}).fillna(0)
        appr = appr.astype("int64")
        appr.index.name = "approval level"
        self.summary.value = (
            f"<p>On {self.as_of}: total recommended limit <b>{_money_html(r.total_recommended)}</b> "
            f"(starting policy {_money_html(b.total_recommended)}, change "
            f"{num(r.total_recommended - b.total_recommended):+,.0f}); limits approved now "
            f"{_money_html(r.customers['approved_limit'].sum())}.</p>"
            "<div style='display:flex;gap:2em'>"
            f"<div><b>Customers by grade</b>{grades.to_html(border=0, escape=True)}</div>"
            f"<div><b>Limit changes to approve</b>{appr.to_html(border=0, escape=True)}</div></div>"
        )
        fig = self.figure
        fig.clear()
        self.axes = list(fig.subplots(1, 2))
        fig.subplots_adjust(left=0.06, right=0.98, top=0.92, bottom=0.22, wspace=0.3)
        compare = pd.DataFrame({"grade": r.customers["grade"], "previous_grade": b.customers["grade"]})
        ax = plots.grade_distribution(compare, policy=self.policy, ax=self.axes[0])
        ax.legend(ax.patches[:1] + ax.patches[-1:], ["starting policy", "edited policy"])
        ax.set_title("Customers by credit grade: starting vs edited policy")
        plots.limit_changes_by_level(r.approvals, ax=self.axes[1])
        self.chart.value = _png(fig)

    # -- saving
    def save(self, path: str | os.PathLike | None = None) -> Path:
        """Write the edited policy as YAML (default: the ``save_path`` box); it loads with
        :func:`kamtools.policy.load_policy` and ``kam report --policy``."""
        if self.error:
            raise PolicyError(f"the edited policy is not valid: {self.error}")
        target = Path(path) if path is not None else Path(self.save_path.value).expanduser()
        if target.suffix.lower() not in (".yaml", ".yml"):
            raise ValueError(f"policy file {target} must end in .yaml or .yml")
        _policy(self.policy)  # every check of the credit section, not only the policy's keys
        target.parent.mkdir(parents=True, exist_ok=True)
        self.last_saved = save_policy(self.policy, target)
        return self.last_saved

    def _save_clicked(self) -> None:
        try:
            path = self.save()
        except (PolicyError, ValueError, OSError) as exc:
            self.message.value = f"<span style='color:#c62828'>Not saved: {html_text(exc)}</span>"
        else:
            self.message.value = f"Saved the policy to {html_text(path)}"
