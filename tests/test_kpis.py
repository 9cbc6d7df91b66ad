"""The headline numbers (kt.kpis): worked out by hand on a tiny book, and the same on every page's analysis.

The book (report date 2026-10-31; every invoice falls due 30 days after its date):

* A -- 1000 (cost 800) in 2025-06, paid; 2000 (cost 1500) on 2026-08-15, paid 2026-09-10;
  1000 (cost 700) on 2026-10-10, open (not yet due). Limit 800 with collateral 100.
* B -- 600 (cost 400) in 2025-03, paid; 500 (cost 300) on 2026-09-05, open (due 2026-10-05:
  26 days past due); 500 (cost 300) on 2026-10-20, open (not yet due). Limit 2000.
* C -- 300 (cost 200) on 2026-09-10 (due 2026-10-10); a credit note of -100 (cost -60) on
  2026-10-15 and a payment of 50 naming no invoice on 2026-10-25 settle it down to 150,
  21 days past due. No limit.
* D -- 400 (cost 200) on 2025-10-31, paid 2025-11-20: its last purchase is exactly twelve
  months old on the report date, so D is lost in the report month.
* E -- 400 (cost 300) on 2025-05-01, 200 of it paid; 100 (cost 70) on 2026-03-01, paid; a
  credit note of -200 (cost -150) on 2026-04-01 settles the rest of the first invoice. E
  bought in the last 12 months but its net revenue there is 100 - 200 = -100.
* F -- set up, never bought.

Windows: the month 2026-10 (previous 2026-09), the last 12 months 2025-11 to 2026-10 (previous
2024-11 to 2025-10), states on 2026-10-31 (previous 2026-09-30).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from invoice_rows import invoice_row
from pandas.testing import assert_series_equal

import kamtools as kt
from kamtools import credit, facts, overview, receivables
from kamtools import headline as hl
from kamtools import portfolio as pf
from kamtools import segments as seg
from kamtools.output import headlines, labels
from kamtools.periods import period_of

AS_OF = "2026-10-31"


@pytest.fixture(scope="module")
def book():
    invoices = pd.DataFrame(
        [
            invoice_row("A1", "A", "2025-06-01", 1000.0, 800.0),
            invoice_row("A2", "A", "2026-08-15", 2000.0, 1500.0),
            invoice_row("A3", "A", "2026-10-10", 1000.0, 700.0),
            invoice_row("B1", "B", "2025-03-01", 600.0, 400.0),
            invoice_row("B2", "B", "2026-09-05", 500.0, 300.0),
            invoice_row("B3", "B", "2026-10-20", 500.0, 300.0),
            invoice_row("C1", "C", "2026-09-10", 300.0, 200.0),
            invoice_row("C2", "C", "2026-10-15", -100.0, -60.0),
            invoice_row("D1", "D", "2025-10-31", 400.0, 200.0),
            invoice_row("E1", "E", "2025-05-01", 400.0, 300.0),
            invoice_row("E2", "E", "2026-03-01", 100.0, 70.0),
            invoice_row("E3", "E", "2026-04-01", -200.0, -150.0),
        ]
    )
    payments = pd.DataFrame(
        {
            "payment_id": ["P1", "P2", "P3", "P4", "P5", "P6", "P7"],
            "customer_id": ["A", "A", "B", "C", "D", "E", "E"],
            "payment_date": pd.to_datetime(
                ["2025-07-01", "2026-09-10", "2025-04-01", "2026-10-25", "2025-11-20", "2025-06-01", "2026-03-20"]
            ),
            "amount": [1000.0, 2000.0, 600.0, 50.0, 400.0, 200.0, 100.0],
            "invoice_id": ["A1", "A2", "B1", None, "D1", "E1", "E2"],
        }
    )
    customers = pd.DataFrame({"customer_id": list("ABCDEF"), "name": [f"Customer {c}" for c in "ABCDEF"]})
    limits = pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "credit_limit": [800.0, 2000.0],
            "approved_by": ["account manager", "account manager"],
            "approved_on": pd.to_datetime(["2025-01-01", "2025-01-01"]),
            "collateral": [100.0, None],
        }
    )
    return facts.source(customers=customers, invoices=invoices, payments=payments, credit_limits=limits)


@pytest.fixture(scope="module")
def k(book):
    return kt.kpis(book, AS_OF)


def _pair(k, name):
    return k.loc[name, "value"], k.loc[name, "previous"]


def test_revenue_and_margin(k):
    # the month: A 1000 + B 500 + C -100 = 1400; 2026-09: B 500 + C 300 = 800
    assert _pair(k, "revenue_month") == (1400.0, 800.0)
    assert k.loc["revenue_month", "change"] == pytest.approx(1400 / 800 - 1)
    # 12 months: A 2000 + 1000, B 500 + 500, C 300 - 100, E 100 - 200 (D's 2025-10-31 is before)
    # = 4100; the 12 months before: A 1000, B 600, D 400, E 400 = 2400
    assert _pair(k, "revenue_12m") == (4100.0, 2400.0)
    assert k.loc["revenue_12m", "change"] == pytest.approx(4100 / 2400 - 1)
    # margin of the month: A 300 + B 200 + C -40 = 460; 2026-09: B 200 + C 100 = 300
    assert _pair(k, "margin_month") == (460.0, 300.0)
    assert k.loc["margin_rate_month", "value"] == pytest.approx(460 / 1400)
    # a margin rate changes in points: 460/1400 - 300/800
    assert k.loc["margin_rate_month", "change"] == pytest.approx(460 / 1400 - 300 / 800)
    # 12 months: A 500 + 300, B 200 + 200, C 100 - 40, E 30 - 50 = 1240
    assert k.loc["margin_12m", "value"] == 1240.0
    assert k.loc["margin_rate_12m", "value"] == pytest.approx(1240 / 4100)


def test_buyers_are_customers_with_a_purchase_in_the_window(k):
    # 2026-10: A, B (C only has a credit note); 2026-09: B, C
    assert _pair(k, "buyers_month") == (2.0, 2.0)
    # 12 months: A, B, C and E (E bought 100, though its credit note takes its net revenue below
    # zero); the 12 months before: A, B, D, E. D and F are no buyers of the last 12 months.
    assert _pair(k, "buyers_12m") == (4.0, 4.0)
    assert k.loc["buyers_12m", "change"] == 0.0


def test_concentration_is_the_top_20_percent_of_the_buyers(k, book):
    # buyers by revenue: A 3000, B 1000, C 200, E -100 (counts as zero); total 4200. The top 20 %
    # of 4 buyers is 0.8 of A: 0.8 x 3000 / 4200 = 4/7. (Buyers with positive net revenue only
    # would give 0.6 x 3000 / 4200 = 3/7; all six customers 1.2 customers: 3200 / 4200.)
    assert k.loc["concentration", "value"] == pytest.approx(4 / 7)
    # the 12 months before: A 1000, B 600, D 400, E 400 = 2400; 0.8 of A: 800 / 2400
    assert k.loc["concentration", "previous"] == pytest.approx(1 / 3)
    assert k.loc["concentration", "change"] == pytest.approx(4 / 7 - 1 / 3)
    # the portfolio page's Pareto and the segmentation page's are this one
    assert pf.concentration(book, AS_OF).pareto.top_share == pytest.approx(4 / 7)
    par = seg.revenue_pareto(book, AS_OF)
    assert par.curve.index.tolist() == ["A", "B", "C", "E"] and par.top_share == pytest.approx(4 / 7)
    assert pf.concentration(book, AS_OF).buying_customers == 4


def test_customers_lifecycle_and_lost(k, book):
    # A 3000 vs 1000 and B 1000 vs 600: growth; C 200 vs nothing: breakthrough; E -100 vs 400:
    # defense; D bought before, not in the last 12 months: hibernation; F not buying yet: breakthrough
    now = {s: k.loc[f"lifecycle_{s}", "value"] for s in seg.LIFECYCLE_ORDER}
    assert now == {"breakthrough": 2.0, "growth": 2.0, "harvest": 0.0, "defense": 1.0, "hibernation": 1.0}
    # on 2026-09-30 (12 months from 2025-10-01): A 2000 vs 1000, B 500 vs 600 (-17 %: defense),
    # C 300 vs nothing, D 400 vs nothing and F: breakthrough, E 100 - 200 vs 400: defense
    before = {s: k.loc[f"lifecycle_{s}", "previous"] for s in seg.LIFECYCLE_ORDER}
    assert before == {"breakthrough": 3.0, "growth": 1.0, "harvest": 0.0, "defense": 2.0, "hibernation": 0.0}
    assert pf.lifecycle_counts(book, AS_OF)["customers"].to_dict() == {s: int(v) for s, v in now.items()}
    assert seg.lifecycle(book, AS_OF)["stage"].value_counts().to_dict() == {s: int(v) for s, v in now.items() if v}
    # D's last purchase (2025-10-31) is exactly 12 months old: lost, and lost in this month
    assert _pair(k, "customers_lost") == (1.0, 0.0)
    assert _pair(k, "customers_lost_month") == (1.0, 0.0)
    # no first purchase in 2026-10; C's first purchase was in 2026-09
    assert _pair(k, "customers_won_month") == (0.0, 1.0)


def test_receivables_dso_cei_and_over_limit(k):
    # open: A 1000 (current), B 500 overdue + 500 current, C 300 - 100 - 50 = 150 overdue
    assert _pair(k, "open_receivables") == (2150.0, 800.0)  # 2026-09-30: B 500 and C 300, not yet due
    assert _pair(k, "overdue") == (650.0, 0.0)
    assert k.loc["overdue_share", "value"] == pytest.approx(650 / 2150)
    assert k.loc["overdue_share", "previous"] == 0.0
    # DSO = receivables / net sales of the last 90 days x 90: sales after 2026-08-02:
    # A 2000 + 1000, B 500 + 500, C 300 - 100 = 4200 -> 2150 / 4200 x 90
    assert k.loc["dso", "value"] == pytest.approx(2150 / 4200 * 90)
    # on 2026-09-30, sales after 2026-07-02: A 2000, B 500, C 300 = 2800 -> 800 / 2800 x 90
    assert k.loc["dso", "previous"] == pytest.approx(800 / 2800 * 90)
    assert k.loc["dso", "change"] == pytest.approx(2150 / 4200 * 90 - 800 / 2800 * 90)
    # CEI of 2026-10: opening 800 + sales 1400 - closing 2150 = 50 collected, of 800 + 1400 -
    # closing current 1500 = 700 collectible -> 50 / 700 x 100
    assert k.loc["cei", "value"] == pytest.approx(50 / 700 * 100)
    # A 1000 against 800: 200 over, 100 of it covered by collateral; C 150 without a limit
    assert _pair(k, "overlimit") == (350.0, 300.0)  # 2026-09-30: C 300 without a limit
    assert _pair(k, "overlimit_uncovered") == (250.0, 300.0)
    assert _pair(k, "over_limit_customers") == (2.0, 1.0)


def test_windows_changes_and_definitions(k):
    assert k.columns.tolist() == list(hl.COLUMNS) and k.index.tolist() == list(hl.KPIS)
    assert k.loc["revenue_month", ["window", "previous_window"]].tolist() == ["2026-10", "2026-09"]
    assert k.loc["buyers_12m", ["window", "previous_window"]].tolist() == ["2025-11 to 2026-10", "2024-11 to 2025-10"]
    assert k.loc["dso", ["window", "previous_window"]].tolist() == ["2026-10-31", "2026-09-30"]
    assert k.loc["concentration", "label"] == "Revenue of the top 20 % of buyers"
    assert k.loc["revenue_12m", "change_unit"] == "relative" and k.loc["overdue_share", "change_unit"] == "points"
    assert k.loc["dso", "better"] == "lower" and k.loc["revenue_month", "better"] == "higher"
    assert (k["definition"].str.len() > 20).all() and not k["definition"].str.contains("{", regex=False).any()


def test_the_policy_sets_the_share_and_the_months_in_the_definitions(book):
    pol = {"segments": {"pareto_top": 0.5, "lost_after_months": 6}}
    k = kt.kpis(book, AS_OF, pol)
    # the top 50 % of the 4 buyers: A and B, 4000 / 4200
    assert k.loc["concentration", "value"] == pytest.approx(4000 / 4200)
    assert k.loc["concentration", "label"] == "Revenue of the top 50 % of buyers"
    assert "6 months" in k.loc["customers_lost", "definition"]
    # buyers stay the customers with a purchase in the 12 months, whatever lost_after_months
    assert k.loc["buyers_12m", "value"] == 4.0
    assert pf.customer_counts(book, AS_OF, pol).loc["buying", "month"] == 4


def test_a_change_against_nothing_is_missing():
    inv = pd.DataFrame([invoice_row("X1", "X", "2026-10-05", 100.0, 60.0)])
    pay = pd.DataFrame(columns=["payment_id", "customer_id", "payment_date", "amount", "invoice_id"])
    k = kt.kpis(facts.source(customers=pd.DataFrame({"customer_id": ["X"]}), invoices=inv, payments=pay), AS_OF)
    assert math.isnan(k.loc["revenue_month", "change"])  # nothing in 2026-09
    assert math.isnan(k.loc["margin_rate_month", "previous"]) and math.isnan(k.loc["margin_rate_month", "change"])
    assert headlines.change_text("money", "relative", k.loc["revenue_month", "change"]) == "–"


# ---------------------------------------------------------------- every page's analysis agrees
@pytest.fixture(scope="module")
def sample():
    data = kt.load()  # the committed sample (the session's store, $KAM_DB)
    as_of = "2026-10-31"
    return data, as_of, kt.policy.load_policy(None), kt.kpis(data, as_of)


def test_the_headline_numbers_are_those_of_the_analysis_each_page_shows(sample):
    data, as_of, pol, k = sample
    v = k["value"]
    # portfolio and segmentation pages: the same buyers and the same Pareto
    par = seg.revenue_pareto(data, as_of, pol)
    conc = pf.concentration(data, as_of, pol)
    assert v["concentration"] == par.top_share == conc.pareto.top_share
    assert v["buyers_12m"] == len(par.curve) == conc.buying_customers
    assert v["buyers_12m"] == pf.customer_counts(data, as_of, pol).loc["buying", "month"]
    assert v["buyers_month"] == pf.kpis(data, as_of).loc["buying_customers", "month"]
    # the lifecycle chart of the segmentation page and the table of the portfolio page
    stages = seg.lifecycle(data, as_of, pol)["stage"].value_counts()
    table = pf.lifecycle_counts(data, as_of, pol)["customers"]
    for s in seg.LIFECYCLE_ORDER:
        assert v[f"lifecycle_{s}"] == stages.get(s, 0) == table[s], s
    assert v["key_accounts_declining"] == len(seg.to_watch(seg.pyramid(data, as_of, pol), n=None, policy=pol))
    # the data overview's invoiced amount of the month is the revenue of the month
    assert v["revenue_month"] == pytest.approx(overview.monthly_activity(data, as_of)["invoiced"].iloc[-1], abs=0.005)
    # receivables page: the aging and the DSO/CEI trend
    ag = receivables.aging(data, as_of, pol["receivables"]["buckets"])
    summary = receivables.aging_summary(ag)
    assert (v["open_receivables"], v["overdue"]) == (summary.total, summary.overdue)
    assert v["overdue_share"] == pytest.approx(summary.overdue_share, rel=1e-12)
    trend = receivables.monthly_trend(data, period_of(as_of), months=12, days=pol["receivables"]["dso_days"])
    assert v["dso"] == pytest.approx(trend["dso"].iloc[-1], rel=1e-12)
    assert k.loc["dso", "previous"] == pytest.approx(trend["dso"].iloc[-2], rel=1e-12)
    assert v["cei"] == pytest.approx(trend["cei"].iloc[-1], rel=1e-12)
    # one overdue on the page: disputes apart in the tile, the trend, the aging by invoice date and per manager
    assert trend["overdue"].iloc[-1] == pytest.approx(v["overdue"], abs=0.005)
    assert trend["overdue"].iloc[-2] == pytest.approx(k.loc["overdue", "previous"], abs=0.005)
    assert trend["disputed"].iloc[-1] == pytest.approx(summary.disputed, abs=0.005) and summary.disputed > 0
    by_invoice = receivables.aging(data, as_of, pol["receivables"]["buckets"], basis="invoice")
    assert_series_equal(by_invoice["overdue"], ag["overdue"].reindex(by_invoice.index), check_exact=False, atol=0.005)
    assert (by_invoice["max_days_past_due"] == ag["max_days_past_due"].reindex(by_invoice.index)).all()
    managers = data.customers.set_index("customer_id")["account_manager"].reindex(ag.index).fillna("(none)")
    per_manager = receivables.collection_kpis(data, as_of, pol)
    for col in ("overdue", "disputed"):
        aged = ag[col].groupby(managers.to_numpy()).sum().reindex(per_manager.index).fillna(0.0)
        assert_series_equal(per_manager[col], aged, check_exact=False, atol=0.005, check_names=False)
    # credit review page: the customers over their limit
    over = credit.over_limit(credit.limits(data, as_of, pol))
    assert v["over_limit_customers"] == len(over)
    assert v["overlimit_uncovered"] == pytest.approx(over["overlimit_uncovered"].sum(), abs=0.005)


# ---------------------------------------------------------------- the sentences of the pages
def test_a_sentence_marks_each_number_and_shows_texts_as_typed(k):
    html = headlines.sentence_html(
        k,
        "{buyers_12m} customers bought in {buyers_12m:window} ({buyers_12m:change} on {buyers_12m:previous_window}); "
        "the top <b> {concentration} of revenue & {who}",
        who="<script>x</script>",
    )
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html and "&lt;b&gt;" in html
    assert "customers bought in 2025-11 to 2026-10 (" in html and "on 2024-11 to 2025-10)" in html
    marks = headlines.collect(html)
    assert marks[["kpi", "field", "text"]].values.tolist() == [
        ["buyers_12m", "value", "4"],
        ["buyers_12m", "change", "+0"],
        ["concentration", "value", "57.1 %"],
    ]
    assert marks["value"].tolist() == [4.0, 0.0, k.loc["concentration", "value"]]


def test_a_sentence_in_both_languages_puts_each_text_in_the_sentence_of_its_language(k):
    strategy = labels.Text("grow", "扩大")
    try:
        labels.use("both")
        both = headlines.sentence_html(k, "{buyers_12m} bought: {s}", zh="{buyers_12m} 家客户有采购：{s}", s=strategy)
        labels.use("zh")
        zh = headlines.sentence_html(k, "{buyers_12m} bought: {s}", zh="{buyers_12m} 家客户有采购：{s}", s=strategy)
    finally:
        labels.use("en")
    en = headlines.sentence_html(k, "{buyers_12m} bought: {s}", zh="{buyers_12m} 家客户有采购：{s}", s=strategy)
    mark = '<span class="kpi" data-kpi="buyers_12m" data-field="value" data-value="4.0" title="{}">4</span>'
    mark_en, mark_zh = (mark.format(k.loc["buyers_12m", d]) for d in ("definition", "definition_zh"))
    assert zh == f'<p class="kpi-note">{mark_zh} 家客户有采购：扩大</p>'  # its tooltip in Chinese too
    assert en == f'<p class="kpi-note">{mark_en} bought: grow</p>'
    assert both == f"{zh}\n{en}"  # the Chinese first, each with its own text, the number marked in both


def test_a_sentence_refuses_a_number_it_does_not_know(k):
    with pytest.raises(KeyError, match=r"\{buyers\} in the sentence is neither a headline number .*buyers_12m"):
        headlines.sentence_html(k, "{buyers} customers")
    with pytest.raises(ValueError, match=r"\{dso:average\}: the field must be one of value, previous, change"):
        headlines.sentence_html(k, "{dso:average}")


def test_numbers_read_as_a_reader_expects(k):
    assert ">46 days<" in headlines.sentence_html(k, "{dso}")  # 2150 / 4200 x 90 = 46.07
    assert headlines.change_text("share", "points", -0.00001) == "+0.0 pt"  # never "-0.0"
    assert headlines.change_text("money", "relative", -0.0004) == "+0.0 %"
    assert headlines.value_text("share", float("nan")) == "–" and headlines.value_text("money", float("inf")) == "–"


def test_money_in_a_sentence_reads_with_its_unit(k):
    """revenue_month is 1,400 (the tiny book): a sentence says 1,400元 in Chinese and CNY 1.4 k in English,
    the value it marks unchanged for the cross-page check."""
    from kamtools.output import labels

    try:
        labels.use("zh")
        zh = headlines.sentence_html(k, "{revenue_month}", zh="收入{revenue_month}")
        assert ">1,400元</span>" in zh and 'data-value="1400.0"' in zh
        labels.use("en")
        assert ">CNY 1.4 k</span>" in headlines.sentence_html(k, "revenue {revenue_month}")
    finally:
        labels.use("en")
