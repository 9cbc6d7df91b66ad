"""Checks of the corrections and disputes of invoices, across rows: a credit note names the
invoice of the same customer it corrects, and a dispute holds at most its invoice's amount."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .problems import _Collector, _q


def _shown(df: pd.DataFrame, raw: pd.DataFrame | None, column: str, rows: pd.Index) -> list[str]:
    if raw is not None and column in raw.columns:
        return raw.loc[rows, column].astype(str).tolist()
    return df.loc[rows, column].astype(str).tolist()


def _check_corrections(inv: pd.DataFrame, file: str, raw: pd.DataFrame | None, out: _Collector) -> None:
    """``invoices.corrects_invoice_id``: only on a credit note (a negative amount), naming a positive
    invoice of the same customer (an unknown invoice is the foreign key's problem)."""
    named = inv["corrects_invoice_id"].notna().to_numpy(dtype=bool)
    if not named.any():
        return
    by_id = inv.dropna(subset=["invoice_id"]).drop_duplicates("invoice_id").set_index("invoice_id")
    target_customer = inv["corrects_invoice_id"].map(by_id["customer_id"])
    target_amount = inv["corrects_invoice_id"].map(by_id["amount"]).astype("float64")
    amount = pd.to_numeric(inv["amount"], errors="coerce").astype("float64")
    known = named & target_customer.notna().to_numpy(dtype=bool)
    checks = (
        (
            named & (amount >= 0).to_numpy(dtype=bool),
            "names an invoice to correct, but this row is not a credit note (its amount is not negative)",
            "empty, unless the row is a credit note (a negative amount)",
        ),
        (
            known & (target_customer != inv["customer_id"]).to_numpy(dtype=bool),
            "is an invoice of another customer: a credit note corrects an invoice of its own customer",
            "an invoice of the same customer",
        ),
        (
            known & (target_amount <= 0).to_numpy(dtype=bool),
            "is itself a credit note: a credit note corrects an invoice (a positive amount)",
            "an invoice with a positive amount",
        ),
    )
    for bad, why, expected in checks:
        if not bad.any():
            continue
        rows = inv.index[bad]
        head = out.head(rows)
        shown = _shown(inv, raw, "corrects_invoice_id", head)
        out.cells(
            file, "invoices", "corrects_invoice_id", head, shown, [f"value {_q(v)} {why}" for v in shown], expected,
            total=len(rows),
        )  # fmt: skip


def _check_dispute_amounts(
    dis: pd.DataFrame, inv: pd.DataFrame, file: str, raw: pd.DataFrame | None, out: _Collector
) -> None:
    """``disputes.amount``: at most the amount of the invoice disputed (a credit note is not disputed)."""
    amounts = inv.dropna(subset=["invoice_id"]).drop_duplicates("invoice_id").set_index("invoice_id")["amount"]
    of_invoice = dis["invoice_id"].map(amounts).astype("float64")
    amount = pd.to_numeric(dis["amount"], errors="coerce").astype("float64")
    bad = (of_invoice.notna() & amount.notna() & (amount > of_invoice.clip(lower=0) + 0.005)).to_numpy(dtype=bool)
    if not bad.any():
        return
    rows = dis.index[bad]
    head = out.head(rows)
    shown = _shown(dis, raw, "amount", head)
    limits = of_invoice[bad].iloc[: len(head)].to_numpy()
    out.cells(
        file,
        "disputes",
        "amount",
        head,
        shown,
        [
            f"value {_q(v)} is more than the invoice disputed ({dis.loc[r, 'invoice_id']}: {np.maximum(x, 0):,.2f})"
            for v, r, x in zip(shown, head, limits)
        ],
        "at most the amount of the invoice disputed",
        total=len(rows),
    )


def check_corrections(
    frames: Mapping[str, pd.DataFrame], files: Mapping[str, str], raw: Mapping[str, pd.DataFrame], out: _Collector
) -> None:
    """The credit notes' corrected invoices and the disputes' amounts against the invoices."""
    inv = frames.get("invoices")
    if inv is None or not {"invoice_id", "customer_id", "amount"} <= set(inv.columns):
        return
    if "corrects_invoice_id" in inv.columns:
        _check_corrections(inv, files["invoices"], raw.get("invoices"), out)
    dis = frames.get("disputes")
    if dis is not None and {"invoice_id", "amount"} <= set(dis.columns):
        _check_dispute_amounts(dis, inv, files["disputes"], raw.get("disputes"), out)
