"""The segmentation report notebook as the monthly report runs it (papermill, parameters
injected, a store on disk), read from report runs shared with other tests (tests/report_runs.py):
under the default policy in the report of hostile text that tests/test_report_html.py reads (a small
book, :func:`report_runs.hostile_report`), and under a policy that groups the retention of lifetime
value by a customers column rather than by ABC class in the big book's run of
tests/test_report_kpis.py, so every sentence that depends on the policy is exercised.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from openpyxl import load_workbook
from report_runs import big_book_report, hostile_report, sample_report

import kamtools as kt
from kamtools.output import labels

#: Every test here starts notebook kernels (left out by `make test-fast`).
pytestmark = pytest.mark.kernels


PAGE = "02_segmentation.ipynb"
PERIOD = "2026-10"


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


def _run(case: str):
    """The report run of ``case``: its result, its store and its policy file (None: the defaults)."""
    if case == "default-policy":
        run = hostile_report()
        return run.result, run.store, None
    store, policy, result = big_book_report()
    return result, store, str(policy.resolve())


@pytest.mark.parametrize(
    "case, grouping",
    [("default-policy", "abc"), ("retention-by-industry", "industry")],
    ids=["default-policy", "retention-by-industry"],
)
def test_segmentation_report_runs_under_papermill_without_errors_or_stderr(case, grouping):
    result, store, policy = _run(case)
    page = next(r for r in result.runs if r.output == PAGE)
    assert page.status == "ok", result.summary()
    assert page.parameters["policy"] == (policy or "")
    out = result.folder / PAGE
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
        lv = kt.segments.clv(stored, "2026-10-31", policy=policy)
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


def test_the_accounts_to_promote_leave_out_those_to_pay_first_and_name_doubtful_potentials():
    """On the sample's report: no candidate to promote is on credit hold or to pay first on the credit
    page (the workbook holds every candidate), and the candidates listed on the page (the 15 of the
    highest composite) whose wallet headroom is over 100 times their revenue are named for a check."""
    result = sample_report("en")
    rows = list(load_workbook(result.folder / f"promote_{PERIOD}.xlsx", read_only=True).worksheets[0].values)
    head = [str(h).removesuffix(" (CNY)") for h in rows[0]]  # a money column's header carries the unit
    body = [dict(zip(head, r)) for r in rows[1:]]
    views = {r["Credit view"] for r in body}
    shown = {labels.cell("credit_view", k, "en") for k in ("legal", "hold", "collect", "cut")}  # as a cell shows them
    assert body and not views & shown, views
    # a headroom not estimated (empty) is no doubt
    assert head[0] == "Customer ID"  # as every other workbook (not "Account"): the candidates are customers
    listed = sorted(body, key=lambda r: (-r["Composite score"], r["Customer ID"]))[:15]
    doubtful = [
        r["Customer ID"]
        for r in listed
        if (r["Wallet headroom (purchases not yet with us)"] or 0) > 100 * max(r["Revenue, 12 months"] or 0, 1.0)
    ]
    nb = nbformat.read(str(result.folder / PAGE), as_version=4)
    notes = [t for t in _texts(nb) if "Check the potential first" in t]
    assert bool(notes) == bool(doubtful)
    if doubtful:
        assert f"{len(doubtful):,} of the listed (" in notes[0] and all(f"({cid})" in notes[0] for cid in doubtful)


def test_the_page_has_a_decision_box_with_owners_and_days_and_decides_each_account_once():
    """On the sample's report in Chinese: the box "本页待决事项" lists the index's line on this page (its number)
    and the page's own decisions, each with its owner and day from the policy; the lifetime-value conflict asks
    no second decision for an account the index decides (C000348: its stop of supply, No. 2 on the index)."""
    result = sample_report("zh")
    html = (result.folder / PAGE.replace(".ipynb", ".html")).read_text(encoding="utf-8")
    box = html[html.index('<div class="page-decisions">') :]
    box = box[: box.index("</div>")]
    assert "本页待决事项" in box and '<li value="' in box  # the index's line, numbered as there
    for owner_due in (
        "（负责：销售总监，2026-11-30前）",
        "（负责：客户经理，2026-11-14前）",
        "（负责：销售总监，2026-11-14前）",
    ):
        assert owner_due in box, owner_due
    for said in (
        "重点客户只得到",
        "扣除服务成本后共亏损",
        "距上次采购已超过其平常采购间隔",
        "重点客户降级",
        "培养为重点客户",
    ):
        assert said in box, said
    nb = nbformat.read(str(result.folder / PAGE), as_version=4)
    conflict = next(t for t in _texts(nb) if "与信用评审冲突" in t)
    asked = conflict.split("其信用已由首页决定")[0]
    assert "C000348" not in asked.split("。", 1)[1], conflict  # named in the list, decided on the index only
    assert "珠海华美机电贸易有限公司（C000348）（首页第2项）" in conflict
