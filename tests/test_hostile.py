"""The corpus of hostile sources (tests/data/hostile/, see its README): each case's commands give
exactly the expected outcome, no traceback, and nothing written that runs, computes or clashes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
import yaml
from hostile_scan import scan

from kamtools import cli
from kamtools.ingest import import_source

HOSTILE = Path(__file__).parent / "data" / "hostile"
VALID = Path(__file__).parent / "data" / "bad" / "_valid"
CASES = sorted(p.parent.name for p in HOSTILE.glob("*/case.yaml"))


def _digest(path: Path) -> dict[str, str]:
    """Every file under ``path`` (or ``path`` itself) by its bytes."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


@pytest.fixture(scope="module")
def valid_store(tmp_path_factory) -> Path:
    """The store of the valid source, imported once and copied for each case that starts from it."""
    path = tmp_path_factory.mktemp("valid") / "kam.duckdb"
    import_source(VALID, path)
    return path


def _prepare(case: Path, work: Path, given: dict, valid_store: Path) -> None:
    if given.get("source") == "valid":
        shutil.copytree(VALID, work / "src")
    if given.get("store") == "valid":
        shutil.copyfile(valid_store, work / "kam.duckdb")
    elif given.get("store") == "sample":
        shutil.copyfile(os.environ["KAM_DB"], work / "kam.duckdb")
    shutil.copytree(case, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns("case.yaml"))
    if given.get("store_sql"):  # the store as another program left it
        con = duckdb.connect(str(work / "kam.duckdb"))
        for statement in given["store_sql"]:
            con.execute(statement)
        con.close()
    for name, size in (given.get("truncate") or {}).items():  # a copy cut short
        (work / name).write_bytes((work / name).read_bytes()[:size])


@contextmanager
def _held(path: Path | None):
    """``path`` held open for writing by another program while the steps run (None: nothing held)."""
    if path is None:
        yield
        return
    code = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(300)"
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "open"
        yield
    finally:
        proc.kill()
        proc.wait()


def _kam(args: list[str], capsys) -> tuple[int, str]:
    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as exc:  # argparse refusing the arguments
        code = exc.code
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_corpus_has_a_case_for_every_class_of_fault():
    faults = {yaml.safe_load((HOSTILE / n / "case.yaml").read_text(encoding="utf-8"))["fault"] for n in CASES}
    assert len(CASES) >= 30
    assert faults >= {"sql", "markup", "names", "store", "policy", "dates", "export", "small"}, faults


@pytest.mark.parametrize("name", CASES)
def test_hostile_case(name, tmp_path, monkeypatch, capsys, valid_store):
    case = HOSTILE / name
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    work = tmp_path / "work"
    work.mkdir()
    _prepare(case, work, spec.get("given") or {}, valid_store)
    monkeypatch.chdir(work)
    monkeypatch.setenv("KAM_DB", str(work / "kam.duckdb"))
    before = {p: _digest(work / p) for p in spec.get("unchanged", [])}
    inputs = _digest(work)
    assert all(before.values()), f"{name}: nothing to compare in {spec.get('unchanged')}"
    held = (spec.get("given") or {}).get("hold")
    with _held(work / held if held else None):
        for step in spec["steps"]:
            tree = _digest(work)
            kept = {p: _digest(work / p) for p in step.get("unchanged", [])}
            assert all(kept.values()), f"{name}: nothing to compare in {step.get('unchanged')}"
            code, said = _kam(step["kam"], capsys)
            if code not in (0, cli.EXIT_FAILED):  # refused (not a run with failures): nothing changed
                assert _digest(work) == tree, f"kam {' '.join(step['kam'])} was refused but changed files"
            assert "Traceback" not in said, said
            assert code == step["exit"], f"kam {' '.join(step['kam'])} exited {code}:\n{said}"
            for text in step.get("says", []):
                assert text in said, f"kam {' '.join(step['kam'])} did not say {text!r}:\n{said}"
            for p, digest in kept.items():
                assert _digest(work / p) == digest, f"kam {' '.join(step['kam'])} changed {p}"
    for p, digest in before.items():
        assert _digest(work / p) == digest, f"{p} changed"
    for pattern in spec.get("absent", []):
        assert not list(work.glob(pattern)), f"{pattern} exists"
    for pattern in spec.get("present", []):
        assert list(work.glob(pattern)), f"nothing matches {pattern}"
    for rel, want in (spec.get("files") or {}).items():
        text = (work / rel).read_text(encoding="utf-8-sig")
        for part in want.get("contains", []):
            assert part in text, f"{rel} does not hold {part!r}"
        for part in want.get("lacks", []):
            assert part not in text, f"{rel} holds {part!r}"
    assert scan(tmp_path, inputs) == []
