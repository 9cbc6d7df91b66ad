"""The segmentation report notebook run end to end with papermill on a small generated store.

The report test (test_report_html.py) runs it with the other pages on a small book; this runs it
as the monthly report does (papermill, parameters injected, a store on disk) and for a
policy that groups the retention of lifetime value by a customers column rather than by ABC
class, so every sentence that depends on the policy is exercised.
"""

from __future__ import annotations

import json

import nbformat
import pytest

import kamtools as kt
from kamtools import paths

#: Every test here starts notebook kernels (left out by `make test-fast`).
pytestmark = pytest.mark.kernels


NOTEBOOK = paths.REPORT_NOTEBOOKS_DIR / "02_segmentation.ipynb"
PERIOD = "2026-10"

pm = pytest.importorskip("papermill")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    data = kt.sample_data(customers=40, years=2, seed=5, end="2026-10-31")
    return data.save(tmp_path_factory.mktemp("db") / "kam.duckdb")


def _texts(nb) -> list[str]:
    """Every text a reader sees: stream text and the plain, Markdown and HTML forms of results."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                out.append(o.get("text", ""))
            for mime in ("text/plain", "text/markdown", "text/html"):
                value = o.get("data", {}).get(mime)
                if value:
                    out.append(value if isinstance(value, str) else "".join(value))
    return out


@pytest.mark.parametrize(
    "policy_yaml, grouping",
    [("", "abc"), ("segments:\n  clv:\n    retention_by: industry\n    min_group: 3\n", "industry")],
    ids=["default-policy", "retention-by-industry"],
)
def test_segmentation_report_runs_under_papermill_without_errors_or_stderr(
    store, tmp_path, monkeypatch, policy_yaml, grouping
):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # charts inline, as in the report run
    policy = ""
    if policy_yaml:
        policy_file = tmp_path / "policy.yaml"
        policy_file.write_text(policy_yaml, encoding="utf-8")
        policy = str(policy_file)
    out = tmp_path / "02_segmentation.ipynb"
    pm.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"period": PERIOD, "db": str(store), "policy": policy},
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
        log_output=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    nb = nbformat.read(str(out), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code), "a code cell did not run"
    errors = [
        (i, o.get("ename"), o.get("evalue"))
        for i, c in enumerate(nb.cells)
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors, errors
    stderr = [
        (i, o.get("text", ""))
        for i, c in enumerate(nb.cells)
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    ]
    assert not stderr, stderr
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and PERIOD in injected[0].source

    text = "\n".join(_texts(nb))
    assert f"Segmentation {PERIOD}" in text
    assert "nan%" not in text.lower()
    assert "buying customers is on the portfolio page" in text  # the Pareto of buyers, drawn there once
    stored = kt.KamData(db=store)
    try:
        lv = kt.segments.clv(stored, "2026-10-31", policy=policy or None)
    finally:
        stored.close()
    assert set(lv["retention_by"]) == {grouping}
    assert kt.segments.retention_text(lv) in text  # the note follows the policy's grouping
    if grouping == "abc":
        assert "in class A" in text
    else:
        assert f"by {grouping}" in text and "in class A" not in text
    # the executed notebook is a valid notebook file that a manager's HTML export can read
    json.loads(out.read_text(encoding="utf-8"))
