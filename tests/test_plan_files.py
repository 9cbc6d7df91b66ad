"""Account plans that live: ``kam plan init`` writes an editable plan file per account, the report
reads it back (objectives against actuals, actions done and late, the team), and a malformed file is
refused with its file, line and field, a non-zero exit and no traceback."""

from __future__ import annotations

import datetime as dt
import filecmp
import hashlib
import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import kamtools as kt
from kamtools import cli, paths
from kamtools.account_plan import account_profile
from kamtools.ingest.plan_files import PlanFileError, met, parse_plan, plan_file_name, read_plans
from kamtools.output import labels
from kamtools.policy import load_policy
from kamtools.report.plan_command import copy_sample_plans
from kamtools.report.plan_init import SAMPLE_PLANS, key_account_ids, sample_plans
from kamtools.report.plan_record import actual, gap
from kamtools.report.plans import write_pages

END, PERIOD = "2026-10-31", "2026-10"
AS_OF = dt.date(2026, 10, 31)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "kam.duckdb"
    kt.sample_data(customers=60, years=2, seed=3, end=END).save(path)
    return path


@pytest.fixture(scope="module")
def key_id(store) -> str:
    data = kt.load(store)
    try:
        return key_account_ids(data, AS_OF, load_policy())[0]
    finally:
        data.close()


def _kam(args, capsys) -> tuple[int, str]:
    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out + out.err


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _page_text(folder: Path, cid: str) -> str:
    page = folder / f"05_account_plan_{paths.safe_name(cid)}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style", "img"]):
        tag.decompose()
    return re.sub(r"\s+", " ", html.unescape(soup.get_text(" ")))


def _render(store: Path, cid: str, plans: Path | None, out: Path, language: str = "en") -> str:
    out.mkdir(parents=True, exist_ok=True)
    job = {"db": str(store), "period": PERIOD, "policy": "", "language": language, "folder": str(out),
           "customer_ids": [cid], "plans": str(plans) if plans else ""}  # fmt: skip
    [outcome] = write_pages(job)
    assert outcome["status"] == "ok", outcome
    return _page_text(out, cid)


# ---------------------------------------------------------------------------- kam plan init
def test_init_writes_the_proposal_and_never_overwrites(store, key_id, tmp_path, capsys):
    folder = tmp_path / "plans"
    code, said = _kam(["plan", "init", "--customer", key_id, "--db", store, "--dir", folder], capsys)
    assert code == 0, said
    file = folder / plan_file_name(key_id)
    assert [p.name for p in folder.iterdir()] == [file.name]
    text = file.read_text(encoding="utf-8")
    assert (
        "# 客户计划 Account plan" in text and "请与客户团队一起修改" in text and "edit it with the account team" in text
    )
    plan, problems = parse_plan(text, file.name, [key_id])
    assert problems == []
    data = kt.load(store)
    try:
        a = account_profile(data, key_id, AS_OF)
    finally:
        data.close()
    # today's proposal: its revenue objective, due in twelve months, and every action of the next quarter
    assert plan.customer_id == key_id and plan.written_on == AS_OF
    revenue = next(o for o in plan.objectives if o.metric == "revenue")
    assert revenue.target == round(float(a.objectives["revenue_target"])) and revenue.due == dt.date(2027, 10, 31)
    assert [x.due for x in plan.actions] == [x.date() if hasattr(x, "date") else x for x in a.actions["due"]]
    assert {x.status for x in plan.actions} == {"open"}
    assert plan.team.account_manager == a.profile["account_manager"]
    # an existing file holds the team's edits: refused without --force, byte for byte as it was
    file.write_text(text.replace("status: open", "status: done", 1), encoding="utf-8")
    before = _tree(folder)
    code, said = _kam(["plan", "init", "--customer", key_id, "--db", store, "--dir", folder], capsys)
    assert code == cli.EXIT_DATA and "exist already" in said and "--force" in said and "Traceback" not in said
    assert _tree(folder) == before
    code, said = _kam(["plan", "init", "--customer", key_id, "--db", store, "--dir", folder, "--force"], capsys)
    assert code == 0 and file.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("cid", ["C999999", "../../etc/passwd", "/tmp/evil", "a\\b"])
def test_init_refuses_an_unknown_or_path_like_customer_and_writes_nothing(store, tmp_path, capsys, cid):
    folder = tmp_path / "plans"
    code, said = _kam(["plan", "init", "--customer", cid, "--db", store, "--dir", folder], capsys)
    assert code == cli.EXIT_DATA, said
    assert "unknown customer id" in said and repr(cid) in said and "Traceback" not in said
    assert not folder.exists() and sorted(p.name for p in tmp_path.rglob("*")) == []


def test_init_for_every_key_account(store, tmp_path, capsys):
    code, said = _kam(["plan", "init", "--key-accounts", "--db", store, "--dir", tmp_path / "p"], capsys)
    assert code == 0, said
    data = kt.load(store)
    try:
        want = {plan_file_name(c) for c in key_account_ids(data, AS_OF, load_policy())}
    finally:
        data.close()
    assert {p.name for p in (tmp_path / "p").iterdir()} == want and len(want) >= 3


def test_a_file_name_is_made_from_the_id_never_the_id_itself():
    assert plan_file_name("../../etc/passwd") == f"etc_passwd_{paths.id_digest('../../etc/passwd')}.yaml"
    assert "/" not in plan_file_name("a/b") and plan_file_name("a/b") != plan_file_name("a_b")


# ---------------------------------------------------------------------------- malformed plans refused
GOOD = """\
customer_id: "{cid}"
written_on: 2026-07-31
situation: "Growing; a competitor holds a third."
objectives:
  - metric: revenue
    target: 1200000
    due: 2027-07-31
actions:
  - what: "Meet the buyer"
    owner: account_manager
    due: 2026-08-31
    status: open
team:
  account_manager: "Wang Li"
competitors:
  - name: "Rival Co."
    share: 0.3
"""

#: (name, what replaces what in GOOD, the line and field the refusal names, words of its reason)
BAD = [
    ("yaml_syntax", ("metric: revenue", "metric: revenue: 12"), 5, "", "not valid YAML: mapping values are not allowed here"),
    ("unknown_field", ("team:\n", "budget: 5\nteam:\n"), 13, "field budget", "unknown field"),
    ("unknown_nested_field", ("    status: open\n", "    status: open\n    priority: high\n"), 13, "field actions, item 1, priority", "unknown field"),
    ("bad_date", ("due: 2026-08-31", "due: 2026-02-30"), 11, "field actions, item 1, due", "not a day of the calendar"),
    ("date_not_iso", ("due: 2026-08-31", "due: 31/08/2026"), 11, "field actions, item 1, due", "YYYY-MM-DD"),
    ("target_not_a_number", ("target: 1200000", "target: lots"), 6, "field objectives, item 1, target", "not a number"),
    ("target_a_boolean", ("target: 1200000", "target: yes"), 6, "field objectives, item 1, target", "not a number"),
    ("unknown_metric", ("metric: revenue", "metric: happiness"), 5, "field objectives, item 1, metric", "'happiness' is not allowed"),
    ("bad_status", ("status: open", "status: maybe"), 12, "field actions, item 1, status", "open (未完成) or done (已完成)"),
    ("share_over_one", ("share: 0.3", "share: 30"), 17, "field competitors, item 1, share", "less than or equal to 1"),
    ("unknown_customer", ('customer_id: "{cid}"', 'customer_id: "C999999"'), 1, "field customer_id", "unknown customer id 'C999999'"),
    ("path_like_customer", ('customer_id: "{cid}"', 'customer_id: "../../etc/passwd"'), 1, "field customer_id", "unknown customer id '../../etc/passwd'"),
    ("missing_customer", ('customer_id: "{cid}"\n', ""), 4, "field customer_id", "missing"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "edit", "line", "field", "why"), BAD, ids=[b[0] for b in BAD])
def test_a_malformed_plan_is_refused_with_file_line_and_field(
    store, key_id, tmp_path, capsys, name, edit, line, field, why
):
    folder = tmp_path / "plans"
    folder.mkdir()
    good = GOOD.format(cid=key_id)
    assert parse_plan(good, "x.yaml", [key_id])[1] == []
    text = good.replace(edit[0].format(cid=key_id), edit[1])
    assert text != good
    file = folder / f"{name}.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError) as refused:
        read_plans(folder, [key_id])
    [problem] = refused.value.problems
    assert (problem.file, problem.line) == (str(file), line if name != "missing_customer" else 1), problem
    assert str(problem).startswith(f"{file}, line {problem.line}" + (f", {field}" if field else "")), str(problem)
    assert why in problem.message, problem.message
    # the command line: the same words, exit 2, no traceback, nothing written
    before = _tree(tmp_path)
    code, said = _kam(["plan", "check", "--dir", folder, "--db", store], capsys)
    assert code == cli.EXIT_DATA and str(problem) in said and "Traceback" not in said, said
    assert _tree(tmp_path) == before


def test_every_problem_of_every_file_is_listed_at_once(store, key_id, tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD.format(cid=key_id).replace("target: 1200000", "target: x"), encoding="utf-8")
    (tmp_path / "b.yml").write_text(GOOD.format(cid=key_id).replace("2027-07-31", "2027-13-01"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(GOOD.format(cid=key_id), encoding="utf-8")
    (tmp_path / "d.yaml").write_text(GOOD.format(cid=key_id), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a plan", encoding="utf-8")
    with pytest.raises(PlanFileError) as refused:
        read_plans(tmp_path, [key_id])
    said = [str(p) for p in refused.value.problems]
    assert [Path(p.file).name for p in refused.value.problems] == ["a.yaml", "b.yml", "d.yaml"], said
    assert "a second plan" in said[2] and "c.yaml" in said[2]


def test_the_report_refuses_a_malformed_plan_before_it_starts(store, key_id, tmp_path, capsys):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "bad.yaml").write_text(
        GOOD.format(cid=key_id).replace("due: 2026-08-31", "due: 2026-02-30"), encoding="utf-8"
    )
    out = tmp_path / "reports"
    code, said = _kam(
        ["report", "--db", store, "--out", out, "--period", PERIOD, "--accounts", key_id, "--plans", folder], capsys
    )
    assert code == cli.EXIT_DATA and "Traceback" not in said, said
    assert f"{folder / 'bad.yaml'}, line 11, field actions, item 1, due: not a date" in said
    assert not out.exists()
    code, said = _kam(["report", "--db", store, "--out", out, "--plans", tmp_path / "nowhere"], capsys)
    assert code == cli.EXIT_DATA and "no folder of account plans" in said and not out.exists()


# ---------------------------------------------------------------------------- the report reads the plans
def test_an_edited_plan_changes_the_next_report(store, key_id, tmp_path, capsys):
    folder = tmp_path / "plans"
    assert _kam(["plan", "init", "--customer", key_id, "--db", store, "--dir", folder, "--lang", "en"], capsys)[0] == 0
    shown = _render(store, key_id, folder, tmp_path / "r1")
    assert "The plan of record" in shown and "No plan file for this account" not in shown
    file = folder / plan_file_name(key_id)
    text = file.read_text(encoding="utf-8")
    # the team raises the revenue target, marks the first action done and adds one due before the data's date
    text = re.sub(r"(metric: revenue\n    target: )\d+", r"\g<1>4321987", text)
    text = text.replace("    status: open", "    status: done", 1)
    text = text.replace(
        "actions:\n", 'actions:\n  - what: "Visit the plant with our engineer"\n    owner: "Li Na"\n'
        "    due: 2026-09-15\n    status: open\n", 1
    )  # fmt: skip
    text = text.replace('technical: ""', 'technical: "Zhao Gang"').replace(
        "competitors: []", 'competitors:\n  - name: "Rival Co."\n    share: 0.25'
    )
    file.write_text(text, encoding="utf-8")
    shown = _render(store, key_id, folder, tmp_path / "r2")
    data = kt.load(store)
    try:
        a = account_profile(data, key_id, AS_OF)
    finally:
        data.close()
    revenue = float(a.margin["revenue_12m"])
    # revenue: the new target, the actual of the last 12 months, the gap hand-computed from them, behind
    row = re.search(r"Revenue, last 12 months CNY (\S+) 2027-10-31 CNY (\S+) CNY (\S+) (\w+)", shown)
    assert row, shown[:3000]
    assert row.group(1) == "4,321,987" and row.group(2) == f"{revenue:,.0f}"
    assert row.group(3) == f"{4321987 - revenue:,.0f}" and row.group(4) == "Behind"
    assert "Visit the plant with our engineer Li Na 2026-09-15 Late" in shown
    n = len(a.actions) + 1
    assert f"1 of {n} actions done, 1 late" in shown
    assert "Technical support Zhao Gang" in shown and "Rival Co. 25.0 %" in shown
    assert "Proposal for the next plan" in shown


def test_without_a_plan_file_the_page_says_its_plan_is_the_proposal(store, key_id, tmp_path):
    en = _render(store, key_id, None, tmp_path / "en", "en")
    assert "No plan file for this account: the plan below is the workbook's proposal." in en
    assert "(the appendix gives the command)" in en and "The plan of record" not in en
    assert "kam " not in en  # no command line for the plan's readers: the appendix has it
    zh = _render(store, key_id, None, tmp_path / "zh", "zh")
    assert "该客户尚无计划文件：以下为系统建议的计划。" in zh and "No plan file" not in zh


def test_the_chinese_page_of_a_plan_is_chinese(store, key_id, tmp_path, capsys):
    folder = tmp_path / "plans"
    assert _kam(["plan", "init", "--customer", key_id, "--db", store, "--dir", folder, "--lang", "zh"], capsys)[0] == 0
    zh = _render(store, key_id, folder, tmp_path / "zh", "zh")
    assert "计划执行情况" in zh and "目标与实际" in zh and "客户团队" in zh and "下一期计划建议" in zh
    for english in ("The plan of record", "Objectives against actuals", "Behind", "Open", "Account manager"):
        assert english not in zh


def test_a_target_met_within_the_rounding_of_its_file():
    assert met("margin_rate", 0.12473, 0.1247) and met("margin_rate", 0.12468, 0.1247)
    assert not met("margin_rate", 0.1240, 0.1247) and met("revenue", 999.6, 1000) and not met("revenue", 999, 1000)
    assert met("overdue", 0.3, 0) and not met("overdue", 1, 0)


def test_actuals_and_gaps():
    assert gap("revenue", 900.0, 1000.0) == 100.0 and gap("revenue", 1100.0, 1000.0) == 0.0
    assert gap("overdue", 300.0, 100.0) == 200.0 and gap("overdue", 50.0, 100.0) == 0.0
    assert gap("margin_rate", float("nan"), 0.2) != gap("margin_rate", float("nan"), 0.2)  # NaN: unknown


# ---------------------------------------------------------------------------- the sample's plans
def test_the_committed_sample_plans_match_the_generator_and_have_late_actions(tmp_path):
    committed = paths.SAMPLE_DIR / "plans"
    data = kt.load(paths.SAMPLE_DIR)
    try:
        written = sample_plans(data, tmp_path, END)
        plans = read_plans(committed, data.customers["customer_id"].astype("str"))
        a = account_profile(data, next(iter(plans)), AS_OF)
    finally:
        data.close()
    assert len(written) == SAMPLE_PLANS["accounts"] == len(plans)
    match, mismatch, errors = filecmp.cmpfiles(committed, tmp_path, [p.name for p in written], shallow=False)
    assert mismatch == [] and errors == [], "regenerate the sample: make sample"
    for plan, _ in plans.values():
        assert plan.written_on == dt.date(2026, 7, 31)
        assert [x.status for x in plan.actions][:1] == ["done"]
        assert any(x.status == "open" and x.due < AS_OF for x in plan.actions), plan.customer_id
    assert actual(a, "revenue") == float(a.margin["revenue_12m"])
    labels.use("en")


def test_the_default_store_built_from_the_sample_brings_its_plans_never_over_the_users(tmp_path):
    copy_sample_plans(tmp_path)
    assert sorted(p.name for p in (tmp_path / "plans").iterdir()) == sorted(
        p.name for p in (paths.SAMPLE_DIR / "plans").iterdir()
    )
    mine = tmp_path / "plans" / next(iter(sorted((tmp_path / "plans").iterdir()))).name
    mine.write_text("edited by the team", encoding="utf-8")
    copy_sample_plans(tmp_path)
    assert mine.read_text(encoding="utf-8") == "edited by the team"


def test_text_from_a_plan_file_is_escaped_on_the_page(store, key_id, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    hostile = GOOD.format(cid=key_id).replace("Growing; a competitor holds a third.", "<script>alert(1)</script>")
    (folder / "p.yaml").write_text(hostile.replace('"Meet the buyer"', '"<b>kampwn</b>"'), encoding="utf-8")
    out = tmp_path / "out"
    _render(store, key_id, folder, out)
    raw = (out / f"05_account_plan_{paths.safe_name(key_id)}.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "<b>kampwn</b>" not in raw and "&lt;b&gt;kampwn&lt;/b&gt;" in raw
