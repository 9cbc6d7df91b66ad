"""The scale benchmark: `make bench`.

Each step runs in a fresh Python process, which reports its own wall time and peak
memory (max resident set size), so steps do not disturb each other's figures.
Scale data sets are generated once and reused, keyed by their parameters, under
``bench/data/``. Results are printed as one table per scale and written to
``bench/results/<date>-<scale>.json``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"

SCALES = {"500": 500, "10k": 10_000, "100k": 100_000}
YEARS = 3
SEED = 1

_STEP = r"""
import json, resource, sys, time
start = time.perf_counter()
exec(compile(sys.argv[1], "<step>", "exec"))
wall = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("BENCH " + json.dumps({"seconds": wall, "peak_mb": peak_mb, **globals().get("extra", {})}))
"""


def step(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; return its wall time, peak memory and extras."""
    proc = subprocess.run([sys.executable, "-c", _STEP, code], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark step failed:\n{code}\n{proc.stderr[-3000:]}")
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH ")][-1]
    return json.loads(line[6:])


def dataset(customers: int) -> tuple[Path, dict | None]:
    """The CSV folder of a scale (generated when missing) and the generation figures."""
    folder = DATA / f"c{customers}-y{YEARS}-s{SEED}"
    if (folder / "invoices.csv").exists():
        return folder, None
    figures = step(
        "import kamtools as kt\n"
        f"d = kt.sample_data(customers={customers}, years={YEARS}, seed={SEED})\n"
        "extra = {'invoices': len(d.invoices), 'payments': len(d.payments)}\n"
        f"d.to_csv({str(folder)!r})\n"
    )
    return folder, figures


def generation(customers: int) -> dict:
    return step(
        "import kamtools as kt\n"
        f"d = kt.sample_data(customers={customers}, years={YEARS}, seed={SEED})\n"
        "extra = {'invoices': len(d.invoices), 'payments': len(d.payments)}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=",".join(SCALES), help="comma-separated: " + ", ".join(SCALES))
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    machine = f"{platform.machine()} {platform.processor() or ''} {platform.python_version()}".strip()
    for label in args.scales.split(","):
        customers = SCALES[label]
        rows: dict[str, dict] = {}
        rows["sample_data (generate in memory)"] = generation(customers)
        folder, _ = dataset(customers)
        db = DATA / f"c{customers}-y{YEARS}-s{SEED}.duckdb"
        rows["kam import (validate + store)"] = step(
            "from kamtools.validation import import_source\n"
            f"import_source({str(folder)!r}, {str(db)!r})\n"
        )
        print(f"\n== scale {label}: {customers:,} customers, {YEARS} years ==")
        inv = rows["sample_data (generate in memory)"].get("invoices")
        if inv:
            print(f"   {inv:,} invoices, {rows['sample_data (generate in memory)']['payments']:,} payments")
        print(f"   {'step':<40} {'seconds':>9} {'peak MB':>9}")
        for name, r in rows.items():
            print(f"   {name:<40} {r['seconds']:>9.2f} {r['peak_mb']:>9.0f}")
        out = RESULTS / f"{dt.date.today().isoformat()}-{label}.json"
        out.write_text(json.dumps({"scale": label, "customers": customers, "years": YEARS,
                                   "machine": machine, "steps": rows}, indent=2))
        print(f"   -> {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
