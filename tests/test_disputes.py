"""Disputes, credit notes that name their invoice, and provisions by their own bands: hand-computed
on tiny books made here. The date of every book is 2026-10-31.

The shipped policy: dunning levels reminder from 1 day past due, call 15, formal_letter 31, stop_supply
61, final_notice 91, legal 181 (min_amount 500); provision bands current 0 %, 1-30 days 1 %, 31-60 5 %,
61-90 10 %, 91-180 25 %, 181-365 50 %, over 365 100 %; specific provisions: disputes 50 %, silent
debtors at least 50 %, legal cases (more than 365 days past due) at least 50 % of the balance.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from docx import Document

import kamtools as kt
from kamtools import receivables
from kamtools.output import labels
from kamtools.output.letters import letter_file_name, write_letters
from kamtools.policy import PolicyError, load_policy
from kamtools.schema import empty_frame

AS_OF = dt.date(2026, 10, 31)


def _due(days: int) -> str:
    return (AS_OF - dt.timedelta(days=days)).isoformat()


def _inv(rows, corrects=None):
    """Invoices from (invoice_id, customer_id, days past due, amount), invoiced 30 days before due."""
    df = pd.DataFrame(
        [(i, c, (AS_OF - dt.timedelta(days=d + 30)).isoformat(), _due(d), a) for i, c, d, a in rows],
        columns=["invoice_id", "customer_id", "invoice_date", "due_date", "amount"],
    )
    df["cost"] = 0.0
    df["corrects_invoice_id"] = corrects or [None] * len(df)
    return df


def _disputes(rows):
    """Disputes from (invoice_id, amount, opened_on, closed_on)."""
    df = pd.DataFrame(rows, columns=["invoice_id", "amount", "opened_on", "closed_on"])
    df["reason"] = "price differs from the contract"
    df["owner"] = "Wang Li"
    return df


def _src(**frames):
    """A KamData of the frames, with no payments."""
    return kt.facts.source(payments=empty_frame("payments"), **frames)


def _customers(ids):
    return pd.DataFrame(
        {"customer_id": ids, "name": [f"Name {c}" for c in ids], "account_manager": "Li", "region": "East",
         "industry": "machinery"}
    )  # fmt: skip


# ------------------------------------------------------------------------------------------- disputes
def _book(disputes=None):
    # C1: I1 1,000 due 92 days ago, I2 500 due 15 days ago
    frames = {"invoices": _inv([("I1", "C1", 92, 1000.0), ("I2", "C1", 15, 500.0)]), "customers": _customers(["C1"])}
    if disputes is not None:
        frames["disputes"] = _disputes(disputes)
    return frames


def test_a_disputed_invoice_sets_no_dunning_level():
    # without the dispute the 92 days of I1 set final_notice (91+)
    plain = receivables.dunning(_book(), AS_OF)
    assert plain.loc["C1", ["dunning_level", "overdue", "disputed"]].tolist() == ["final_notice", 1500.0, 0.0]
    # I1 disputed in full since 2026-09-10: only I2 is chased, 15 days past due: a call
    held = receivables.dunning(_book([("I1", 1000.0, "2026-09-10", None)]), AS_OF)
    assert held.loc["C1", ["dunning_level", "days_past_due", "overdue", "disputed"]].tolist() == [
        "call", 15, 500.0, 1000.0
    ]  # fmt: skip
    reason = held.loc["C1", "level_reason"]
    assert reason == "500.00 overdue 15+ days, 15 days past due; 1,000.00 under dispute not chased"
    assert labels.names("level_reason", reason)[1] == "逾期15天以上的金额500.00，逾期15天；另有争议金额1,000.00暂不催收"
    # a dispute closed on 2026-10-20 holds nothing any more: final_notice again
    closed = receivables.dunning(_book([("I1", 1000.0, "2026-09-10", "2026-10-20")]), AS_OF)
    assert closed.loc["C1", "dunning_level"] == "final_notice"
    # part of I1 disputed: 200 left at 92 days is below the minimum of 500, reached at I2 (15 days)
    part = receivables.dunning(_book([("I1", 800.0, "2026-09-10", None)]), AS_OF)
    assert part.loc["C1", ["dunning_level", "overdue", "disputed"]].tolist() == ["call", 700.0, 800.0]


def test_the_disputed_amount_is_apart_in_the_aging():
    data = _src(**_book([("I1", 300.0, "2026-09-10", None)]))
    ag = receivables.aging(data, AS_OF)
    # I1: 700 of 1,000 in 91-180 days, 300 disputed; I2: 500 in 1-30 days
    assert ag.loc["C1", ["d1_30", "d91_180", "disputed", "total", "overdue", "max_days_past_due"]].tolist() == [
        500.0, 700.0, 300.0, 1500.0, 1200.0, 92
    ]  # fmt: skip
    # the whole of I1 disputed: nothing in 91-180, and the oldest invoice chased is 15 days past due
    full = receivables.aging(_src(**_book([("I1", 1000.0, "2026-09-10", None)])), AS_OF)
    assert full.loc["C1", ["d91_180", "disputed", "total", "overdue", "max_days_past_due"]].tolist() == [
        0.0, 1000.0, 1500.0, 500.0, 15
    ]  # fmt: skip
    s = receivables.aging_summary(full)
    assert (s.total, s.overdue, s.disputed) == (1500.0, 500.0, 1000.0)
    # the worklist ranks by the overdue that is chased: 500 x weight 1 (1-30 days)
    w = receivables.worklist(data=_src(**_book([("I1", 1000.0, "2026-09-10", None)])), as_of=AS_OF)
    assert w.loc["C1", ["overdue", "priority"]].tolist() == [500.0, 500.0]


def test_open_disputes_hold_at_most_what_the_invoice_has_open():
    # I2 (500) disputed twice: 400 first, then 300 of which only 100 is left open; I1's dispute is closed
    frames = _book(
        [("I2", 400.0, "2026-10-01", None), ("I2", 300.0, "2026-10-10", None), ("I1", 50.0, "2026-09-01", "2026-09-30")]
    )
    d = receivables.open_disputes(frames, AS_OF)
    assert d[["invoice_id", "dispute_amount", "disputed", "days_open", "opened_on"]].values.tolist() == [
        ["I2", 400.0, 400.0, 30, pd.Timestamp("2026-10-01")],
        ["I2", 300.0, 100.0, 21, pd.Timestamp("2026-10-10")],
    ]
    assert d["name"].tolist() == ["Name C1", "Name C1"]


# ------------------------------------------------------------------------------------------- credit notes
def test_a_credit_note_settles_the_invoice_it_names_first():
    # I1 1,000 (92 days past due), I2 600 (15 days); a credit note of 400 naming I2
    rows = [("I1", "C1", 92, 1000.0), ("I2", "C1", 15, 600.0), ("CN1", "C1", 5, -400.0)]
    named = receivables.open_items(_inv(rows, [None, None, "I2"]), None, AS_OF)
    assert named["open_amount"].to_dict() == {"I1": 1000.0, "I2": 200.0}
    # the same credit note without an invoice goes to the pool: the oldest due date first
    fifo = receivables.open_items(_inv(rows), None, AS_OF)
    assert fifo["open_amount"].to_dict() == {"I1": 600.0, "I2": 600.0}
    # more than the invoice: the rest (200) goes to the pool and settles I1 in part
    big = [("I1", "C1", 92, 1000.0), ("I2", "C1", 15, 600.0), ("CN1", "C1", 5, -800.0)]
    assert receivables.open_items(_inv(big, [None, None, "I2"]), None, AS_OF)["open_amount"].to_dict() == {"I1": 800.0}
    # a payment naming I2 and the credit note together are capped at I2's amount: 100 to the pool
    pay = pd.DataFrame(
        {
            "payment_id": ["P1"],
            "customer_id": ["C1"],
            "payment_date": [_due(1)],
            "amount": [300.0],
            "invoice_id": ["I2"],
        }
    )
    led = receivables.settle(_inv(rows, [None, None, "I2"]), pay, AS_OF)
    assert led.open_items["open_amount"].to_dict() == {"I1": 900.0}
    # naming another customer's invoice: not applied to it, to the credit note's own pool
    other = [("I1", "C1", 92, 1000.0), ("J1", "C2", 15, 600.0), ("CN1", "C1", 5, -400.0)]
    assert receivables.open_items(_inv(other, [None, None, "J1"]), None, AS_OF)["open_amount"].to_dict() == {
        "I1": 600.0, "J1": 600.0
    }  # fmt: skip


def test_the_import_refuses_a_wrong_correction_and_a_dispute_above_its_invoice():
    inv = _inv(
        [("I1", "C1", 92, 1000.0), ("I2", "C1", 15, 600.0), ("CN1", "C2", 5, -400.0)], ["I2", None, "I1"]
    )  # fmt: skip
    frames = {
        "invoices": inv,
        "customers": _customers(["C1", "C2"]),
        "disputes": _disputes([("I2", 700.0, "2026-10-01", None)]),
    }
    found = [(p.table, p.column, p.row, p.value) for p in kt.ingest.validate(frames)]
    assert ("invoices", "corrects_invoice_id", 0, "I2") in found  # not a credit note
    assert ("invoices", "corrects_invoice_id", 2, "I1") in found  # another customer's invoice
    assert ("disputes", "amount", 0, "700.0") in found  # more than I2's 600


# ------------------------------------------------------------------------------------------- provisions
def _provision_book():
    # C1: 1,000 at 100 days (25 %: 250), 400 at 150 days (25 %: 100), 200 at 10 days (1 %: 2);
    # C2: 500 at 400 days (100 %: 500)
    rows = [("I1", "C1", 100, 1000.0), ("I2", "C1", 150, 400.0), ("I3", "C1", 10, 200.0), ("I4", "C2", 400, 500.0)]
    # both keep buying: no silent debtor
    rows += [("I5", "C1", -20, 100.0), ("I6", "C2", -20, 100.0)]
    return {"invoices": _inv(rows), "customers": _customers(["C1", "C2"])}


def test_provisions_do_not_change_with_the_display_buckets():
    book = _provision_book()
    shipped = receivables.provisions(book, None, as_of=AS_OF)
    assert shipped["band_provision"].to_dict() == {"C1": 352.0, "C2": 500.0}
    for buckets in ([30, 60, 90, 120], [30, 60, 90, 120, 180, 365], [45, 75]):
        pol = load_policy({"receivables": {"buckets": buckets}})
        again = receivables.provisions(book, pol, as_of=AS_OF)
        assert again["provision"].to_dict() == shipped["provision"].to_dict()
        assert receivables.provisions(book, pol, as_of=AS_OF, by="bucket")["provision"].sum() == 852.0
    # an aging by buckets that cut across the bands (>120 days in one bucket) gives no provision at all
    aged = receivables.aging(_src(**book), AS_OF, [30, 60, 90, 120])
    with pytest.raises(ValueError, match="d120_plus runs across the provision bands d91_180 and d181_365"):
        receivables.provisions(aged)
    # the company's own bands change the provision: 10 % to 90 days, then 40 %
    own = load_policy({"receivables": {"provision_rates": {"current": 0.0, "d1_90": 0.1, "d90_plus": 0.4}}})
    assert receivables.provisions(book, own, as_of=AS_OF)["band_provision"].to_dict() == {"C1": 580.0, "C2": 200.0}
    with pytest.raises(PolicyError, match="provision_rates"):
        load_policy({"receivables": {"provision_rates": {"current": 0.0, "d1_90": 0.1, "d120_plus": 0.4}}})


def test_specific_provisions_with_their_reason():
    book = _provision_book()
    book["disputes"] = _disputes([("I1", 600.0, "2026-10-01", None)])
    p = receivables.provisions(book, None, as_of=AS_OF)
    # C1: 600 of I1 disputed, provided at 50 % (300); the bands on the rest: 400 x 25 % + 400 x 25 % + 200 x 1 %
    assert p.loc["C1", ["receivables", "band_provision", "disputed", "specific_provision", "provision"]].tolist() == [
        1700.0, 202.0, 600.0, 300.0, 502.0
    ]  # fmt: skip
    assert p.loc["C1", "specific_reason"] == "disputes 600 at 50 %"
    # C2: a legal case (400 days): at least 50 % of its balance 600 = 300; the bands give 500: nothing more
    assert p.loc["C2", ["band_provision", "specific_provision"]].tolist() == [500.0, 0.0]
    # at least 90 % for a legal case: 540, so 40 on top of the bands
    pol = load_policy({"receivables": {"specific_provisions": {"legal": 0.9}}})
    q = receivables.provisions(book, pol, as_of=AS_OF)
    assert q.loc["C2", ["specific_provision", "provision"]].tolist() == [40.0, 540.0]
    assert q.loc["C2", "specific_reason"] == "legal case: at least 90 % of 600"
    assert (
        labels.names("specific_reasons", q.loc["C2", "specific_reason"])[1] == "法律诉讼案件：至少按余额600元的90%计提"
    )


def test_a_silent_debtor_is_provided_at_least_at_its_rate():
    # C3 last bought and was last paid 2026-01: 1,000 at 200 days past due (50 %: 500), silent since
    book = {"invoices": _inv([("K1", "C3", 200, 1000.0)]), "customers": _customers(["C3"])}
    assert receivables.provisions(book, None, as_of=AS_OF).loc["C3", "specific_provision"] == 0.0
    pol = load_policy({"receivables": {"specific_provisions": {"silent": 0.7}}})
    p = receivables.provisions(book, pol, as_of=AS_OF)
    assert p.loc["C3", ["band_provision", "specific_provision", "provision"]].tolist() == [500.0, 200.0, 700.0]
    assert p.loc["C3", "specific_reason"] == "silent debtor: at least 70 % of 1,000"
    off = load_policy({"receivables": {"specific_provisions": {"silent": None}}})
    assert receivables.provisions(book, off, as_of=AS_OF).loc["C3", "provision"] == 500.0


# ------------------------------------------------------------------------------------------- the sample
def test_the_sample_has_disputes_and_credit_notes_naming_their_invoice():
    data = kt.sample_data(customers=200, years=2, seed=3)
    inv, dis = data.table("invoices"), data.table("disputes")
    share = len(dis) / int((inv["amount"] > 0).sum())
    assert 0.005 < share < 0.05, share
    assert dis["closed_on"].notna().mean() > 0.5 and dis["closed_on"].isna().any()
    notes = inv[inv["amount"] < 0]
    named = notes[notes["corrects_invoice_id"].notna()]
    assert 0.5 < len(named) / len(notes) < 0.9
    target = inv.set_index("invoice_id").loc[named["corrects_invoice_id"]]
    assert (target["customer_id"].to_numpy() == named["customer_id"].to_numpy()).all()
    assert (target["amount"] > 0).all()
    assert kt.ingest.validate(data) == []
    assert receivables.aging(data, "2026-10-31")["disputed"].sum() > 0


def test_a_letter_claims_what_is_not_disputed(tmp_path):
    # C1 owes I1 1,000 (92 days) and I2 500 (15 days); 400 of I1 disputed: the letter (final_notice: 600 at 92 days
    # reaches the minimum of 500) lists I1 at 600 and I2 at 500, in all 1,100
    frames = _book([("I1", 400.0, "2026-09-10", None)])
    frames["customers"] = frames["customers"].assign(language="en", address="")
    data = _src(**frames)
    assert receivables.dunning(data, AS_OF).loc["C1", ["dunning_level", "overdue"]].tolist() == ["final_notice", 1100.0]
    write_letters(data, "2026-10", tmp_path, pdf=False)
    doc = Document(tmp_path / "2026-10" / "letters" / letter_file_name("C1", "final_notice", "2026-10"))
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert [(r[0], r[-1]) for r in rows[1:]] == [("I1", "600.00"), ("I2", "500.00"), ("Total", "1,100.00")]
