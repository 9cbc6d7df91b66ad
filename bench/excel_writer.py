"""Time :func:`kamtools.output.excel.write_workbook` on a register-sized sheet.

A synthetic frame shaped like the credit-forms register: 100,000 customers, the
customer id as index plus 15 columns (16 written columns): Chinese names, some of
them formula-like (``=...``, ``-...``, ``@...``, ``+...``), money with negatives and
gaps, integers, a percentage, dates with gaps and free text. Not run by the tests.

    .venv/bin/python bench/excel_writer.py                     # 100,000 rows, best of 3
    .venv/bin/python bench/excel_writer.py --rows 20000 --repeat 1
    .venv/bin/python bench/excel_writer.py --impl path/to/excel.py   # another version of the module

Prints wall and CPU time per run, the best wall time, and the file size.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
WORDS = ["贸易", "机械", "电子", "科技", "化工", "建材", "物流", "食品", "纺织", "医药"]
FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "-王五金", "@SUM(A1)", "+86 10 1234", '=cmd|" /C calc"!A0']
MONEY = ["approved_limit", "recommended_limit", "limit_change", "exposure", "overdue"]


def frame(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = lambda options: np.asarray(options, dtype=object)[rng.integers(0, len(options), rows)]  # noqa: E731
    names = (
        pd.Series(pick(SURNAMES)) + pd.Series(pick(WORDS)) + "有限公司" + pd.Series(np.arange(rows) % 97).astype(str)
    )
    names = names.to_numpy(dtype=object)
    evil = rng.random(rows) < 0.02
    names[evil] = pick(FORMULA_LIKE)[evil]
    approved = rng.integers(0, 500, rows) * 10_000.0
    recommended = np.round(approved * rng.uniform(0.5, 1.5, rows), 2)
    overdue = np.round(rng.exponential(20_000, rows), 2)
    overdue[rng.random(rows) < 0.3] = np.nan
    review = pd.Timestamp("2026-10-31") - pd.to_timedelta(rng.integers(0, 900, rows), unit="D")
    review = pd.Series(review).mask(rng.random(rows) < 0.05)
    grade = pick(list("ABCDE"))
    previous = pd.Series(pick(list("ABCDE"))).mask(rng.random(rows) < 0.1).to_numpy(dtype=object)
    reasons = pick(
        [
            "",
            "limit above policy",
            "overdue > 90 days; 逾期超过90天",
            "new customer 新客户",
            "grade fell two steps",
            "-exposure above limit",
        ]
    )
    df = pd.DataFrame(
        {
            "name": names,
            "account_manager": pick([s + "经理" for s in SURNAMES[:12]]),
            "grade": grade,
            "score": np.round(rng.uniform(1, 5, rows), 2),
            "previous_grade": previous,
            "approved_limit": approved,
            "recommended_limit": recommended,
            "limit_change": recommended - approved,
            "approval_level": pick(["account manager", "credit manager", "finance director", "board"]),
            "exposure": np.round(rng.uniform(0, 6_000_000, rows), 2),
            "utilization": rng.uniform(0, 1.4, rows),
            "overdue": overdue,
            "review_date": review.to_numpy(),
            "orders": rng.integers(0, 5_000, rows),
            "review_reasons": reasons,
        },
        index=pd.Index([f"C{i:06d}" for i in range(rows)], name="customer_id"),
    )
    return df


def load_writer(impl: str | None):
    if impl is None:
        from kamtools.output.excel import write_workbook

        return write_workbook
    spec = importlib.util.spec_from_file_location("excel_under_test", impl)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.write_workbook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--impl", help="a file with another version of kamtools/output/excel.py to time instead")
    args = parser.parse_args(argv)

    write_workbook = load_writer(args.impl)
    df = frame(args.rows)
    print(f"{len(df):,} rows x {df.shape[1] + 1} columns ({args.impl or 'kamtools.output.excel'})")
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.xlsx"
        for run in range(1, args.repeat + 1):
            wall, cpu = time.perf_counter(), time.process_time()
            write_workbook(
                path,
                {"register": df},
                money_columns=MONEY,
                percent_columns=["utilization"],
                number_formats={"orders": "#,##0"},
                index=True,
            )
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best = min(best, wall)
            print(f"run {run}: {wall:6.2f} s wall, {cpu:6.2f} s CPU")
        size = os.path.getsize(path)
    print(f"best: {best:.2f} s; file {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
