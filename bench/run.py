"""The scale benchmark: `make bench`.

For each scale (500, 10,000 and 100,000 customers over 3 years; the largest has about
10 million invoices and 9.5 million payments) the benchmark

1. generates the data set once and reuses it afterwards, keyed by its parameters
   (``bench/data/c<customers>-y<years>-s<seed>/``, CSV as a source system exports it);
2. checks that kamtools and the reference implementations of ``bench/reference.py``
   give equal results (money at the cent, counts exactly) -- before anything is timed;
3. times every step in a fresh Python process, which reports its wall time and peak
   memory (max resident set size, including child processes such as notebook kernels),
   so steps do not disturb each other's figures; imports and opening the store are
   set-up, not timed;
4. prints one table per scale, the ratios against the references, the targets, and
   (with 10k and 100k measured) how each step grows; writes
   ``bench/results/<date>-<scale>.json``.

Usage: ``python bench/run.py [--scales 500,10k,100k] [--repeat N] [--report-jobs N] [--profile] [--import-only | --rfm-only | --receivables-only]``; the 1m
scale (1,000,000 customers, generated in chunks) runs only when named: ``--scales 1m``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
RESULTS = HERE / "results"

SCALES = {"500": 500, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
#: The scales `make bench` runs when none are given (1m only on request: about 100 million invoices).
DEFAULT_SCALES = ("500", "10k", "100k")
#: The scale the targets are judged at.
TARGET_SCALE = "100k"
YEARS = 3
SEED = 1
#: Customers generated at once: a larger data set is written in chunks of this many customers
#: (each about 3.3 GB in memory), so that 1m is generated on a 24 GB machine.
CHUNK = 100_000

#: Targets at the largest scale (2 cores): ratio limits and absolute limits.
TARGET_AGING_VS_SQL = 1.5
TARGET_RFM_VS_LIFETIMES = 10.0
TARGET_RFM_VS_SQL = 1.5
TARGET_REPORT_SECONDS = 180.0
TARGET_GENERATION_SECONDS = 60.0  # 100k customers, 10M invoices: "well under a minute"
TARGET_PEAK_MB = 6 * 1024
TARGET_IMPORT_VS_READ_CSV = 2.0  # 100k customers: import <= 2x DuckDB's bare read_csv of the same files
TARGET_IMPORT_PEAK_MB = 2 * 1024
TARGET_DSO_CEI_VS_AGING = 2.0  # DSO + CEI (one monthly run) <= 2x open items + aging

_STEP = r"""
import gc, json, os, resource, sys, time
exec(compile(sys.argv[1], "<setup>", "exec"))
gc.collect()
_prof = None
if os.environ.get("BENCH_PROFILE"):
    from pyinstrument import Profiler
    _prof = Profiler(interval=0.005)
    _prof.start()
def _cpu():
    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime
_cpu0 = _cpu()
_start = time.perf_counter()
exec(compile(sys.argv[2], "<step>", "exec"))
_wall = time.perf_counter() - _start
_cpu1 = _cpu() - _cpu0
if _prof is not None:
    _prof.stop()
    with open(os.environ["BENCH_PROFILE"], "w", encoding="utf-8") as fh:
        fh.write(_prof.output_text(unicode=True, color=False, show_all=False))
_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("BENCH " + json.dumps({"seconds": _wall, "cpu_s": _cpu1, "peak_mb": max(_self, _kids) / 1024,
                             **globals().get("extra", {})}))
"""


def step(timed: str, setup: str = "", profile: Path | None = None) -> dict:
    """Run ``setup`` then ``timed`` in a fresh interpreter; wall time of ``timed``, peak memory, extras."""
    env = dict(os.environ)
    env.setdefault("PYTHONWARNINGS", "ignore")
    if profile is not None:
        profile.parent.mkdir(parents=True, exist_ok=True)
        env["BENCH_PROFILE"] = str(profile)
    proc = subprocess.run(
        [sys.executable, "-c", _STEP, setup, timed], capture_output=True, text=True, cwd=ROOT, env=env
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark step failed:\n{timed}\n{proc.stderr[-4000:]}")
    line = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH ")][-1]
    return json.loads(line[6:])


def dataset(customers: int) -> tuple[Path, dict]:
    """The CSV folder of a scale (generated when missing) and its generation figures."""
    folder = DATA / f"c{customers}-y{YEARS}-s{SEED}"
    meta = folder / "bench-meta.json"
    version = generator_version()
    if (folder / "invoices.csv").exists() and meta.exists():
        figures = json.loads(meta.read_text())
        if figures.get("generator") == version:
            return folder, figures
        print(f"   the sample generator changed: generating {folder.name} again", flush=True)
    figures = step(_generate(customers, folder))
    figures["generator"] = version
    meta.write_text(json.dumps(figures, indent=2))
    return folder, figures


def _generate(customers: int, folder: Path, chunk: int = CHUNK) -> str:
    """The step that writes the data set of ``customers`` into ``folder``: one generated book, or
    above ``chunk`` customers one book of ``chunk`` customers after another (seed SEED + i), each
    appended to the CSV files with every id of chunk i > 0 prefixed ``K<i>-`` (keys and the ids
    that refer to them alike), so no chunk is ever held beside another in memory. A table whose
    key holds no id (the collection targets per account manager and month) comes from the first
    chunk only."""
    if customers <= chunk:
        return (
            "import kamtools as kt\n"
            f"d = kt.sample_data(customers={customers}, years={YEARS}, seed={SEED})\n"
            "extra = {'invoices': len(d.invoices), 'payments': len(d.payments)}\n"
            f"d.to_csv({str(folder)!r})\n"
        )
    return (
        "import shutil, pandas as pd, kamtools as kt\n"
        "from pathlib import Path\n"
        "from kamtools.schema import TABLES\n"
        f"out, sizes = Path({str(folder)!r}), [{chunk}] * {customers // chunk} + ([{customers % chunk}] if {customers % chunk} else [])\n"
        "shutil.rmtree(out, ignore_errors=True); out.mkdir(parents=True)\n"
        "extra = {'invoices': 0, 'payments': 0}\n"
        "for i, n in enumerate(sizes):\n"
        f"    d = kt.sample_data(customers=n, years={YEARS}, seed={SEED} + i)\n"
        "    extra['invoices'] += len(d.invoices); extra['payments'] += len(d.payments)\n"
        "    for name in d.tables:\n"
        "        df, table = d.table(name), TABLES[name]\n"
        "        ids = [c.name for c in table.columns if c.kind == 'id' and c.name in df]\n"
        "        if i and not any(table.column(k).kind == 'id' for k in table.key):\n"
        "            continue\n"
        "        if i:\n"
        "            df = df.assign(**{c: (f'K{i}-' + df[c].astype('string')) for c in ids})\n"
        "        df.to_csv(out / f'{name}.csv', mode='a' if i else 'w', header=not i, index=False)\n"
        "    del d\n"
    )


def generator_version() -> str:
    """A digest of the sample generator's source: a changed generator gives new data sets."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "kamtools" / "sample").glob("*.py")):  # the generator is a package
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _default_cores() -> int:
    """The cores this process may use (affinity, control group's quota), as ``kam report`` counts them."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        from kamtools.report.cores import usable_cores
    except ImportError:  # a kamtools before it (the bench run on an earlier checkout)
        return os.cpu_count() or 1
    return usable_cores()


def _default_jobs() -> int:
    """The jobs ``kam report`` runs at once when not told (``kamtools.report.DEFAULT_JOBS``)."""
    return max(1, min(_default_cores(), 8))


def machine() -> dict:
    """The machine the numbers come from."""
    import duckdb
    import pandas

    model = platform.processor() or platform.machine()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next(ln.split(":", 1)[1].strip() for ln in out.splitlines() if ln.startswith("Model name"))
    except (OSError, StopIteration):
        pass
    ram_gb = None
    try:
        kb = next(
            int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")
        )
        ram_gb = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "usable_cores": _default_cores(),
        "load": os.getloadavg(),
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
    }


# --------------------------------------------------------------------------- the steps
def _setup(db: Path, as_of: dt.date) -> str:
    return (
        "import datetime as dt, sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "import numpy as np, pandas as pd\n"
        "import kamtools as kt\n"
        "from kamtools import credit as cr, receivables as rv, segments as sg\n"
        "from kamtools.store import KamData\n"
        "import reference as ref\n"
        f"as_of = dt.date.fromisoformat({as_of.isoformat()!r})\n"
        "start = sg.months_before(as_of, kt.policy.load_policy()['segments']['rfm']['months']).date()\n"
        "levels = int(kt.policy.load_policy()['segments']['rfm']['scores'])\n"
        f"data = KamData(db={str(db)!r})\n"
        "con = data.con\n"
    )


#: kamtools steps: name -> (extra set-up, timed code).
KAMTOOLS_STEPS = {
    "open items + aging": (
        "",
        "led = rv.settle(data, None, as_of)\nag = rv.aging(led, as_of)\n"
        "extra = {'open_items': len(led.open_items), 'customers': len(ag)}\n",
    ),
    "DSO + CEI": ("", "d, c = rv.dso_cei(data, None, as_of, months=12)\n"),
    "credit ratios + scores": ("", "r = cr.ratios(data, as_of)\ns = cr.score(data, as_of)\n"),
    "credit limits": ("s = cr.score(data, as_of)\n", "lim = cr.limits(data, as_of, scores=s)\n"),
    "pyramid": ("", "p = sg.pyramid(data, as_of)\n"),
    "RFM": ("", "r = sg.rfm(data, as_of)\n"),
}

#: Reference steps: name -> (extra set-up, timed code).
REFERENCE_STEPS = {
    "aging: pandas (merge/groupby)": (
        "",
        "inv, pay = ref.read_ledger(con, as_of)\nitems, credit = ref.pandas_ledger(inv, pay)\n"
        "ag = ref.pandas_aging(items, credit, as_of)\n",
    ),
    "aging: hand-written SQL": ("", "ag = ref.sql_aging(con, as_of)\n"),
    "RFM: lifetimes": ("import lifetimes.utils\n", "r = ref.lifetimes_rfm(con, as_of, start, levels)\n"),
    "RFM: hand-written SQL": ("", "r = ref.sql_rfm(con, as_of, start, levels)\n"),
}

IMPORT = "import (validate + store)"
READ_CSV = "import: DuckDB bare read_csv"


def _import_steps(folder: Path, db: Path) -> dict[str, tuple[str, str]]:
    """The import and its reference: DuckDB's own reader of every CSV file of the source into a table
    of a new database file (types detected, nothing checked) -- the engine's floor."""
    bare = db.with_name(db.stem + "-read_csv.duckdb")
    return {
        IMPORT: ("from kamtools.ingest import import_source\n", f"import_source({str(folder)!r}, {str(db)!r})\n"),
        READ_CSV: (
            "import duckdb, os, pathlib\n",
            f"out = {str(bare)!r}\n"
            "if os.path.exists(out): os.remove(out)\n"
            "con = duckdb.connect(out)\n"
            f"for p in sorted(pathlib.Path({str(folder)!r}).glob('*.csv')):\n"
            "    con.execute(f'create table \"{p.stem}\" as select * from read_csv(?)', [str(p)])\n"
            "con.execute('checkpoint')\ncon.close()\nos.remove(out)\n",
        ),
    }


#: (kamtools step, reference step, target kind, target) -- ratio = kamtools time / reference time.
COMPARISONS = [
    (IMPORT, READ_CSV, "max", TARGET_IMPORT_VS_READ_CSV),
    ("open items + aging", "aging: pandas (merge/groupby)", None, None),
    ("open items + aging", "aging: hand-written SQL", "max", TARGET_AGING_VS_SQL),
    ("RFM", "RFM: lifetimes", "speedup", TARGET_RFM_VS_LIFETIMES),
    ("RFM", "RFM: hand-written SQL", "max", TARGET_RFM_VS_SQL),
    ("DSO + CEI", "open items + aging", "max", TARGET_DSO_CEI_VS_AGING),
]

_CHECK = """
led = rv.settle(data, None, as_of)
kag = ref.kamtools_aging(rv.aging(led, as_of))
inv, pay = ref.read_ledger(con, as_of)
items, credit = ref.pandas_ledger(inv, pay)
del inv, pay
ref.assert_same("aging, kamtools vs pandas", kag, ref.pandas_aging(items, credit, as_of))
ref.assert_same("aging, kamtools vs hand-written SQL", kag, ref.sql_aging(con, as_of))
kit = pd.DataFrame({"open_amount": ref._cents(led.open_items["open_amount"])},
                   index=led.open_items.index.astype("str"))
ref.assert_same("open items, kamtools vs pandas", kit, items[["open"]].rename(columns={"open": "open_amount"}))
kc = pd.DataFrame({"c": ref._cents(led.unapplied_credit["unapplied_credit"])},
                  index=led.unapplied_credit.index.astype("str"))
ref.assert_same("unapplied credit, kamtools vs pandas", kc, credit.to_frame("c"))
del items, credit, led
krf = ref.kamtools_rfm(sg.rfm(data, as_of))
ref.assert_same("RFM, kamtools vs lifetimes", krf, ref.lifetimes_rfm(con, as_of, start, levels))
ref.assert_same("RFM, kamtools vs hand-written SQL", krf, ref.sql_rfm(con, as_of, start, levels))
extra = {"open_items": len(kit), "aging_rows": len(kag), "rfm_buyers": len(krf)}
"""


def _report_step(db: Path, period: str, jobs: int | None) -> tuple[str, str]:
    """``kam report`` of ``period`` into a temporary folder; ``jobs`` None: its default jobs."""
    setup = "import subprocess, sys, tempfile, json, pathlib\nout = tempfile.mkdtemp(prefix='kam-bench-report-')\n"
    given = f", '--jobs', '{jobs}'" if jobs else ""
    timed = (
        f"proc = subprocess.run([sys.executable, '-m', 'kamtools.cli', 'report', '--db', {str(db)!r}, "
        f"'--period', {period!r}, '--out', out{given}], capture_output=True, text=True)\n"
        "if proc.returncode != 0:\n"
        "    raise SystemExit('kam report failed:\\n' + proc.stdout[-3000:] + proc.stderr[-3000:])\n"
        f"man = json.loads((pathlib.Path(out) / {period!r} / 'manifest.json').read_text())\n"
        "plans = [n for n in man['notebooks'] if 'customer_id' in n['parameters']]\n"
        "others = [n for n in man['notebooks'] if 'customer_id' not in n['parameters']]\n"
        "extra = {'notebooks': len(man['notebooks']), 'account_plans': len(plans),\n"
        "         'account_plan_seconds': sum(n['duration'] for n in plans),\n"
        "         'notebook_seconds': {n['output']: round(n['duration'], 1) for n in others}}\n"
        "import shutil; shutil.rmtree(out, ignore_errors=True)\n"
    )
    return setup, timed


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name).strip("_")


def _keep_best(best: dict | None, r: dict) -> dict:
    """The fastest run's figures, with the highest peak memory of all runs."""
    if best is None:
        return dict(r)
    peak = max(best["peak_mb"], r["peak_mb"])
    out = dict(r) if r["seconds"] < best["seconds"] else best
    out["peak_mb"] = peak
    return out


def _run_steps(
    named: dict[str, tuple[str, str]], base: str, repeat: int, profile_dir: Path | None, interleaved: set[str]
) -> dict[str, dict]:
    """Run each step once; the steps in ``interleaved`` ``repeat`` times, in turns (A B A B ...),
    so that a burst of load from other work on the machine hits both sides of a comparison."""
    best: dict[str, dict | None] = {name: None for name in named}
    for i in range(max(1, repeat)):
        for name, (extra, code) in named.items():
            if i > 0 and name not in interleaved:
                continue
            prof = profile_dir / f"{_slug(name)}.txt" if profile_dir is not None and i == 0 else None
            best[name] = _keep_best(best[name], step(code, base + extra, profile=prof))
    for name in interleaved:
        if name in best and repeat > 1:
            best[name]["runs"] = repeat
    return best  # type: ignore[return-value]


# --------------------------------------------------------------------------- printing
def _table(title: str, rows: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"   {'step':<36} {'seconds':>9} {'CPU s':>9} {'peak MB':>9}")
    for name, r in rows.items():
        print(f"   {name:<36} {r['seconds']:>9.2f} {r.get('cpu_s', float('nan')):>9.2f} {r['peak_mb']:>9.0f}")


def _comparisons(steps: dict[str, dict]) -> list[dict]:
    out = []
    for ours, theirs, kind, target in COMPARISONS:
        if ours not in steps or theirs not in steps:
            continue
        a, b = steps[ours]["seconds"], steps[theirs]["seconds"]
        row = {
            "step": ours,
            "reference": theirs,
            "kamtools_s": a,
            "reference_s": b,
            "ratio": a / b,
            "speedup": b / a,
            "cpu_ratio": steps[ours]["cpu_s"] / max(steps[theirs]["cpu_s"], 1e-9),
        }
        if kind == "max":
            row["target"] = f"kamtools <= {target}x reference"
            row["met"] = a / b <= target
        elif kind == "speedup":
            row["target"] = f"kamtools >= {target}x faster"
            row["met"] = b / a >= target
        out.append(row)
    return out


def _print_comparisons(rows: list[dict], at_target_scale: bool) -> None:
    print("   side by side (ratio = kamtools time / reference time):")
    for r in rows:
        verdict = ""
        if "target" in r:
            verdict = f"target {r['target']}: " + (
                ("met" if r["met"] else "MISSED") if at_target_scale else "(judged at 100k)"
            )
        print(
            f"   {r['step']:<20} vs {r['reference']:<30} {r['kamtools_s']:>7.2f} s vs {r['reference_s']:>7.2f} s"
            f"  ratio {r['ratio']:5.2f}  ({r['speedup']:5.1f}x faster; CPU-time ratio {r['cpu_ratio']:5.2f})"
            f"  {verdict}"
        )


def _targets(steps: dict[str, dict]) -> list[dict]:
    rows = []
    rep = steps.get("kam report (full, account-plan cap)")
    if rep:
        rows.append(
            {
                "target": f"full monthly report < {TARGET_REPORT_SECONDS:.0f} s",
                "value": f"{rep['seconds']:.0f} s",
                "met": rep["seconds"] < TARGET_REPORT_SECONDS,
            }
        )
    gen = steps.get("sample generation (kam sample)")
    if gen:
        rows.append(
            {
                "target": f"sample generation < {TARGET_GENERATION_SECONDS:.0f} s",
                "value": f"{gen['seconds']:.0f} s, {gen.get('invoices', 0):,} invoices",
                "met": gen["seconds"] < TARGET_GENERATION_SECONDS,
            }
        )
    if IMPORT in steps:
        rows.append(
            {
                "target": f"import peak memory < {TARGET_IMPORT_PEAK_MB} MB",
                "value": f"{steps[IMPORT]['peak_mb']:.0f} MB",
                "met": steps[IMPORT]["peak_mb"] < TARGET_IMPORT_PEAK_MB,
            }
        )
    peak = max(steps.items(), key=lambda kv: kv[1]["peak_mb"])
    rows.append(
        {
            "target": f"peak memory < {TARGET_PEAK_MB} MB (every step)",
            "value": f"{peak[1]['peak_mb']:.0f} MB ({peak[0]})",
            "met": peak[1]["peak_mb"] < TARGET_PEAK_MB,
        }
    )
    return rows


def growth(small: dict[str, dict], large: dict[str, dict], n_small: int, n_large: int) -> list[dict]:
    """Time ratio large/small per step against linear and n log n growth."""
    lin = n_large / n_small
    nlogn = lin * math.log(n_large) / math.log(n_small)
    rows = []
    for name in large:
        if name not in small or small[name]["seconds"] <= 0:
            continue
        ratio = large[name]["seconds"] / small[name]["seconds"]
        verdict = "<= n" if ratio <= lin else ("<= n log n" if ratio <= nlogn else "FASTER THAN n log n")
        rows.append(
            {
                "step": name,
                "small_s": small[name]["seconds"],
                "large_s": large[name]["seconds"],
                "ratio": ratio,
                "n": lin,
                "n_log_n": nlogn,
                "verdict": verdict,
            }
        )
    return rows


def _print_growth(rows: list[dict], small: str, large: str) -> None:
    if not rows:
        return
    print(
        f"\n== growth from {small} to {large} customers "
        f"(linear: x{rows[0]['n']:.1f}, n log n: x{rows[0]['n_log_n']:.1f}) =="
    )
    print(f"   {'step':<36} {small + ' s':>9} {large + ' s':>9} {'ratio':>7}  verdict")
    for r in rows:
        print(f"   {r['step']:<36} {r['small_s']:>9.2f} {r['large_s']:>9.2f} {r['ratio']:>7.1f}  {r['verdict']}")


def _latest(label: str) -> dict | None:
    files = sorted(RESULTS.glob(f"*-{label}.json"))
    return json.loads(files[-1].read_text()) if files else None


def markdown() -> str:
    """The latest results of every scale as Markdown tables (for bench/README.md)."""
    runs = {label: _latest(label) for label in SCALES}
    runs = {k: v for k, v in runs.items() if v}
    if not runs:
        return "no results yet: run `make bench`"
    info = next(iter(runs.values()))["machine"]
    lines = [
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM, {info['os']}; "
        f"Python {info['python']}, duckdb {info['duckdb']}, pandas {info['pandas']}.",
        "",
    ]
    names = list(next(iter(runs.values()))["steps"])
    head = " | ".join(f"{k}: s / CPU s / peak MB" for k in runs)
    lines += [f"| step | {head} |", "|---|" + "---|" * len(runs)]
    for name in names:
        cells = []
        for r in runs.values():
            x = r["steps"].get(name)
            cells.append(f"{x['seconds']:.2f} / {x.get('cpu_s', float('nan')):.2f} / {x['peak_mb']:.0f}" if x else "")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| comparison | " + " | ".join(f"{k}: ratio (CPU ratio)" for k in runs) + " | target |",
        "|---|" + "---|" * (len(runs) + 1),
    ]
    for ours, theirs, _kind, _t in COMPARISONS:
        cells = []
        target = ""
        for r in runs.values():
            c = next((c for c in r["comparisons"] if (c["step"], c["reference"]) == (ours, theirs)), None)
            cells.append(f"{c['ratio']:.2f} ({c.get('cpu_ratio', float('nan')):.2f})" if c else "")
            target = c.get("target", "") if c else target
        lines.append(f"| {ours} / {theirs} | " + " | ".join(cells) + f" | {target} |")
    if "10k" in runs and "100k" in runs:
        rows = growth(runs["10k"]["steps"], runs["100k"]["steps"], SCALES["10k"], SCALES["100k"])
        lines += [
            "",
            f"Growth 10k -> 100k (linear x{rows[0]['n']:.1f}, n log n x{rows[0]['n_log_n']:.1f}):",
            "",
            "| step | 10k s | 100k s | ratio | CPU ratio | verdict |",
            "|---|---|---|---|---|---|",
        ]
        for g in rows:
            a = runs["10k"]["steps"][g["step"]].get("cpu_s")
            b = runs["100k"]["steps"][g["step"]].get("cpu_s")
            cpu = f"{b / a:.1f}" if a and b else ""
            lines.append(
                f"| {g['step']} | {g['small_s']:.2f} | {g['large_s']:.2f} | {g['ratio']:.1f} | {cpu} | {g['verdict']} |"
            )
    return "\n".join(lines)


# --------------------------------------------------------------------------- main
def _import_result(label: str, customers: int, steps: dict, info: dict, repeat: int) -> dict:
    """Print and keep the figures of the import alone (``--import-only``)."""
    _table(f"   import at {label}:", steps)
    comps = _comparisons(steps)
    target_scale = label == TARGET_SCALE
    _print_comparisons(comps, target_scale)
    targets = [t for t in _targets(steps) if t["target"].startswith("import")]
    for t in targets:
        verdict = ("met" if t["met"] else "MISSED") if target_scale else "(judged at 100k)"
        print(f"   target {t['target']}: {t['value']} {verdict}")
    result = {"scale": label, "customers": customers, "date": dt.date.today().isoformat(), "machine": info}
    result |= {"steps": steps, "comparisons": comps, "targets": targets, "repeat": repeat}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{dt.date.today().isoformat()}-{label}-import.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"   -> {out.relative_to(ROOT)}", flush=True)
    return result


_CHECK_RFM = """
krf = ref.kamtools_rfm(sg.rfm(data, as_of))
ref.assert_same("RFM, kamtools vs lifetimes", krf, ref.lifetimes_rfm(con, as_of, start, levels))
ref.assert_same("RFM, kamtools vs hand-written SQL", krf, ref.sql_rfm(con, as_of, start, levels))
extra = {"rfm_buyers": len(krf)}
"""

RFM_STEPS = ("RFM", "RFM: lifetimes", "RFM: hand-written SQL")


def _rfm_result(label: str, customers: int, db: Path, steps: dict, info: dict, repeat: int) -> dict:
    """RFM alone beside lifetimes and the hand-written SQL (``--rfm-only``): checked equal, then timed
    in turns; printed and kept in ``bench/results/<date>-<scale>-rfm.json``."""
    from kamtools.periods import period_bounds
    from kamtools.report import store_period

    as_of = period_bounds(store_period(db))[1]
    base = _setup(db, as_of)
    check = step(_CHECK_RFM, base + "import lifetimes.utils\n")
    print(
        f"   results equal (checked before timing): RFM of {check['rfm_buyers']:,} buyers (kamtools = lifetimes = SQL)"
    )
    named = {k: v for k, v in {**KAMTOOLS_STEPS, **REFERENCE_STEPS}.items() if k in RFM_STEPS}
    steps.update(_run_steps(named, base, repeat, None, set(RFM_STEPS)))
    _table(f"   RFM at {label}:", steps)
    comps = [c for c in _comparisons(steps) if c["step"] in RFM_STEPS or c["step"] == IMPORT]
    _print_comparisons(comps, label == TARGET_SCALE)
    result = {"scale": label, "customers": customers, "date": dt.date.today().isoformat(), "machine": info}
    result |= {"check": check, "steps": steps, "comparisons": comps, "repeat": repeat, "load": os.getloadavg()}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{dt.date.today().isoformat()}-{label}-rfm.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"   load average at the end: {os.getloadavg()}; -> {out.relative_to(ROOT)}", flush=True)
    return result


_CHECK_AGING = """
kag = ref.kamtools_aging(rv.aging(rv.settle(data, None, as_of), as_of))
ref.assert_same("aging, kamtools vs hand-written SQL", kag, ref.sql_aging(con, as_of))
extra = {"aging_rows": len(kag)}
"""

RECEIVABLES_STEPS = ("open items + aging", "DSO + CEI", "aging: hand-written SQL")


def _receivables_result(label: str, customers: int, db: Path, steps: dict, info: dict, repeat: int) -> dict:
    """The receivables steps alone (``--receivables-only``): the aging checked against the hand-written
    SQL, then open items + aging, DSO + CEI and the hand-written aging timed in turns; printed and kept in
    ``bench/results/<date>-<scale>-receivables.json``."""
    from kamtools.periods import period_bounds
    from kamtools.report import store_period

    as_of = period_bounds(store_period(db))[1]
    base = _setup(db, as_of)
    load = [os.getloadavg()]
    check = step(_CHECK_AGING, base)
    print(f"   results equal (checked before timing): aging of {check['aging_rows']:,} customers (kamtools = SQL)")
    named = {k: v for k, v in {**KAMTOOLS_STEPS, **REFERENCE_STEPS}.items() if k in RECEIVABLES_STEPS}
    steps.update(_run_steps(named, base, repeat, None, set(RECEIVABLES_STEPS)))
    load.append(os.getloadavg())
    _table(f"   receivables at {label} (as of {as_of}):", steps)
    comps = [c for c in _comparisons(steps) if c["step"] in RECEIVABLES_STEPS or c["step"] == IMPORT]
    _print_comparisons(comps, label == TARGET_SCALE)
    result = {"scale": label, "customers": customers, "date": dt.date.today().isoformat(), "machine": info}
    result |= {"check": check, "steps": steps, "comparisons": comps, "repeat": repeat, "load": load}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{dt.date.today().isoformat()}-{label}-receivables.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"   load average at the start and the end: {load}; -> {out.relative_to(ROOT)}", flush=True)
    return result


def run_scale(
    label: str,
    repeat: int,
    profile: bool,
    info: dict,
    report_jobs: int,
    import_only: bool = False,
    rfm_only: bool = False,
    receivables_only: bool = False,
) -> dict:
    sys.path.insert(0, str(ROOT))
    from kamtools.periods import period_bounds
    from kamtools.report import store_period

    customers = SCALES[label]
    folder, gen = dataset(customers)
    db = DATA / f"c{customers}-y{YEARS}-s{SEED}.duckdb"
    print(
        f"\n== scale {label}: {customers:,} customers, {YEARS} years, "
        f"{gen.get('invoices', 0):,} invoices, {gen.get('payments', 0):,} payments ==",
        flush=True,
    )
    steps: dict[str, dict] = {}
    once = rfm_only or receivables_only
    # the narrow runs time only their steps (and the import, once); above CHUNK customers one book
    # does not fit in memory (the data set is written in chunks), so its generation is not timed whole
    if not once and customers <= CHUNK:
        steps["sample generation (kam sample)"] = step(
            f"d = kt.sample_data(customers={customers}, years={YEARS}, seed={SEED})\n"
            "extra = {'invoices': len(d.invoices), 'payments': len(d.payments)}\n",
            "import kamtools as kt\n",
        )
    # with --rfm-only or --receivables-only the import is set-up (once), its time shown beside the bare read
    steps.update(_run_steps(_import_steps(folder, db), "", 1 if once else repeat, None, {IMPORT, READ_CSV}))
    if import_only:
        return _import_result(label, customers, steps, info, repeat)
    if rfm_only:
        return _rfm_result(label, customers, db, steps, info, repeat)
    if receivables_only:
        return _receivables_result(label, customers, db, steps, info, repeat)
    period = store_period(db)
    as_of = period_bounds(period)[1]
    base = _setup(db, as_of)
    check = step(_CHECK, base + "import lifetimes.utils\n")
    print(
        f"   results equal (checked before timing): aging of {check['aging_rows']:,} customers and "
        f"{check['open_items']:,} open items (kamtools = pandas = SQL), RFM of {check['rfm_buyers']:,} buyers "
        f"(kamtools = lifetimes = SQL)",
        flush=True,
    )
    profile_dir = DATA / "profiles" / label if profile else None
    compared = {name for ours, theirs, kind, _ in COMPARISONS if kind for name in (ours, theirs)}
    steps.update(_run_steps({**KAMTOOLS_STEPS, **REFERENCE_STEPS}, base, repeat, profile_dir, compared))
    rs, rt = _report_step(db, period, report_jobs)
    steps["kam report (full, account-plan cap)"] = step(rt, rs)

    ours = {k: v for k, v in steps.items() if k not in REFERENCE_STEPS}
    _table(f"   kamtools at {label} (period {period}):", ours)
    _table("   references:", {k: steps[k] for k in REFERENCE_STEPS})
    rep = steps["kam report (full, account-plan cap)"]
    print(
        f"   (report: {rep.get('notebooks', '?')} notebooks, of which {rep.get('account_plans', 0)} account plans "
        f"(the policy's cap), {report_jobs or _default_jobs()} at once"
        + ("" if report_jobs else ": kam report's default)")
    )
    if "notebook_seconds" in rep:
        each = ", ".join(f"{k} {v:.0f} s" for k, v in rep["notebook_seconds"].items())
        print(f"   (notebook run times: {each}; account plans {rep['account_plan_seconds']:.0f} s in all)")
    comps = _comparisons(steps)
    target_scale = label == TARGET_SCALE
    _print_comparisons(comps, target_scale)
    targets = _targets(steps)
    for t in targets:
        print(
            f"   target {t['target']}: {t['value']} "
            + (("met" if t["met"] else "MISSED") if target_scale else "(judged at 100k)")
        )
    result = {
        "scale": label,
        "customers": customers,
        "years": YEARS,
        "seed": SEED,
        "period": period,
        "date": dt.date.today().isoformat(),
        "machine": info,
        "generation": gen,
        "check": check,
        "steps": steps,
        "comparisons": comps,
        "targets": targets,
        "repeat": repeat,
        "report_jobs": report_jobs or _default_jobs(),
        "report_jobs_default": not report_jobs,
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{dt.date.today().isoformat()}-{label}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"   -> {out.relative_to(ROOT)}", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales",
        default=",".join(DEFAULT_SCALES),
        help="comma-separated: " + ", ".join(SCALES) + " (default: " + ",".join(DEFAULT_SCALES) + ")",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each step that has a target against a reference, in turns; the best time is "
        "kept (other steps run once)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile each step with pyinstrument into bench/data/profiles/"
    )
    parser.add_argument(
        "--report-jobs",
        type=int,
        default=None,
        help="jobs the report runs at once (default: kam report's own, one per core this process may use)",
    )
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="time only the import against DuckDB's bare read_csv (bench/results/<date>-<scale>-import.json)",
    )
    parser.add_argument(
        "--rfm-only",
        action="store_true",
        help="import, then time only RFM against lifetimes and the hand-written SQL "
        "(bench/results/<date>-<scale>-rfm.json)",
    )
    parser.add_argument(
        "--receivables-only",
        action="store_true",
        help="import, then time only open items + aging, DSO + CEI and the hand-written aging SQL "
        "(bench/results/<date>-<scale>-receivables.json)",
    )
    parser.add_argument("--markdown", action="store_true", help="print the latest results as Markdown tables and stop")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown())
        return 0
    labels = [s.strip() for s in args.scales.split(",") if s.strip()]
    unknown = [s for s in labels if s not in SCALES]
    if unknown:
        parser.error(f"unknown scale(s) {', '.join(unknown)}; choose from {', '.join(SCALES)}")
    info = machine()
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM; Python {info['python']}, "
        f"duckdb {info['duckdb']}, pandas {info['pandas']}"
    )
    only = (args.import_only, args.rfm_only, args.receivables_only)
    done = {label: run_scale(label, args.repeat, args.profile, info, args.report_jobs, *only) for label in labels}
    if any(only):
        return 0
    small = done.get("10k") or _latest("10k")
    large = done.get("100k") or _latest("100k")
    if small and large and ("10k" in done or "100k" in done):
        _print_growth(growth(small["steps"], large["steps"], SCALES["10k"], SCALES["100k"]), "10k", "100k")
    return 0


if __name__ == "__main__":
    sys.exit(main())
