"""``kam plan``: the account teams' plan files (``init`` writes them, ``check`` reads them as the report
does), and the check of the report's plans folder before a run starts (:func:`checked_plans`)."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path
from typing import Any

from .. import paths
from ..ingest import load
from ..ingest.plan_files import PlanFile, plans_folder, read_plans
from ..periods import check_period, data_period, period_end
from ..policy import load_policy
from ..store import KamData
from .plan_init import key_account_ids, write_plans

__all__ = ["checked_plans", "copy_sample_plans", "plan_main", "plan_of"]

#: A plan file of the account team and the name of its file.
Kept = tuple[PlanFile, str]


def _folder(given: str | os.PathLike | None, store: Path, pol: Any) -> Path | None:
    return plans_folder(given, store, str(pol["report"]["plans_folder"]))


def checked_plans(given: str | os.PathLike | None, store: Path, pol: Any) -> str:
    """The plans folder of a report run, every file in it read and checked against the store's
    customers (:class:`kamtools.ingest.plan_files.PlanFileError` lists every problem); ``""`` without one."""
    folder = _folder(given, store, pol)
    if folder is None:
        return ""
    data = KamData(db=store)
    try:
        read_plans(folder, data.customers["customer_id"].astype("str"))
    finally:
        data.close()
    return str(folder.resolve())


def copy_sample_plans(base: Path) -> None:
    """The committed sample's plan files into ``base/plans`` when that folder does not exist yet (the
    default store is being built from the sample); a folder there holds the user's plans and is left alone."""
    sample, target = paths.SAMPLE_DIR / "plans", base / "plans"
    if sample.is_dir() and not target.exists():
        shutil.copytree(sample, target)


def plan_of(customer_id: str, db: str | os.PathLike | None, pol: Any, folder: str | None = None) -> Kept | None:
    """The plan file of one customer and its name, as the report reads it for the store ``db`` (empty:
    the default store): from ``folder``, else the policy's or the default plans folder; None without one."""
    where, base = _data_path(str(db) if db else None)
    found = plans_folder(folder, base / "kam.duckdb", str(pol["report"]["plans_folder"]))
    if found is None:
        return None
    data = load(str(where))
    try:
        return read_plans(found, data.customers["customer_id"].astype("str")).get(str(customer_id))
    finally:
        data.close()


def _data_path(db: str | None) -> tuple[Path, Path]:
    """Where the data are (the store or source given, else the default store, else the committed sample)
    and the folder the plans folder sits in: a source folder itself, else the store's folder (without
    ``--db``, the default store's: the committed sample is never written to)."""
    if db:
        where = Path(db)
        return where, where if where.is_dir() else where.parent
    default = paths.default_db()
    return (default if default.exists() else paths.SAMPLE_DIR), default.parent


def _init(args: argparse.Namespace, data: KamData, base: Path, pol: Any) -> int:
    if not args.customer and not args.key_accounts:
        raise ValueError("name a customer with --customer ID, or write every key account's with --key-accounts")
    period = check_period(args.period) if args.period else data_period(data)
    as_of = period_end(period)
    ids = list(args.customer or [])
    if args.key_accounts:
        ids += [c for c in key_account_ids(data, as_of, pol) if c not in ids]
    if not ids:
        raise ValueError("the book has no key account at the end of " + period + ": name one with --customer ID")
    folder = Path(args.dir) if args.dir else base / (str(pol["report"]["plans_folder"]) or "plans")
    written = write_plans(data, ids, as_of, folder, pol, force=args.force, lang=args.lang)
    print(f"wrote {len(written)} account plan file(s) (客户计划文件) for {period} into {folder}:")
    for path in written:
        print(f"  {path.name}")
    print("edit them with the account team; the next kam report shows them (编辑后，下次报告将显示计划执行情况)")
    return 0


def _check(args: argparse.Namespace, data: KamData, base: Path, pol: Any) -> int:
    folder = plans_folder(args.dir, base / "kam.duckdb", str(pol["report"]["plans_folder"]))
    if folder is None:
        print(f"no folder of account plans in {base}: nothing to check (write them with kam plan init)")
        return 0
    plans = read_plans(folder, data.customers["customer_id"].astype("str"))
    print(f"{len(plans)} account plan file(s) in {folder} read and valid (客户计划文件检查通过)")
    return 0


def plan_main(args: argparse.Namespace) -> int:
    """``kam plan init`` and ``kam plan check`` (errors are raised for the command line to report)."""
    where, base = _data_path(args.db)
    pol = load_policy(args.policy or None)
    data = load(str(where))
    try:
        return (_init if args.action == "init" else _check)(args, data, base, pol)
    finally:
        data.close()
