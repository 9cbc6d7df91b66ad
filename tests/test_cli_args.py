"""Arguments of ``kam report`` that argparse checks: the accounts chosen, the jobs, the timeout and the snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
from kam_cli import run_kam

import kamtools as kt
import kamtools.report
from kamtools.policy import load_policy
from kamtools.report.accounts import select_accounts
from kamtools.report.cores import usable_cores


class _Result:
    ok = True

    def summary(self) -> str:
        return "done"


@pytest.fixture
def report_args(monkeypatch):
    """``kam report ARGS`` with the run replaced by one that records what it was given."""
    given: dict = {}

    def run(**kwargs):
        given.update(kwargs)
        return _Result()

    monkeypatch.setattr(kamtools.report, "run", run)
    return given


def _kam(capsys, *args) -> tuple[int, str]:
    code, out, err = run_kam(capsys, *args)
    return code, out + err


def test_accounts_comma_separated_and_repeated(report_args, capsys):
    code, _ = _kam(capsys, "report", "--accounts", "C001, C002", "--accounts", "C003", "--accounts", "C001")
    assert code == 0
    assert report_args["accounts"] == ["C001", "C002", "C003"]


def test_the_report_stores_its_snapshot_unless_told_not_to(report_args, capsys):
    assert _kam(capsys, "report")[0] == 0 and report_args["snapshot"] is True
    assert _kam(capsys, "report", "--no-snapshot")[0] == 0 and report_args["snapshot"] is False


def test_an_id_holding_a_comma_is_chosen_from_a_file(report_args, capsys, tmp_path):
    listed = tmp_path / "accounts.txt"
    listed.write_text("\ufeffAcme, Ltd.\n\n华东机电, 上海\nC002\n", encoding="utf-8")
    code, _ = _kam(capsys, "report", "--accounts", "C001", "--accounts-file", listed)
    assert code == 0
    assert report_args["accounts"] == ["C001", "Acme, Ltd.", "华东机电, 上海", "C002"]


def test_no_accounts_given_chooses_none(report_args, capsys):
    assert _kam(capsys, "report")[0] == 0
    assert report_args["accounts"] is None and report_args["timeout"] == 1800
    # one page at a time per core this process may use, and never more than 8 at once
    assert report_args["jobs"] == max(1, min(usable_cores(), 8))


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\n  \n", "accounts.txt lists no customer id (one id per line)"),
        (b"\xc4\xe3\xba\xc3\n", "accounts.txt is not UTF-8 text: save it as UTF-8"),
    ],
)
def test_an_accounts_file_that_names_no_id_is_refused(report_args, capsys, tmp_path, content, message):
    listed = tmp_path / "accounts.txt"
    listed.write_bytes(content)
    code, said = _kam(capsys, "report", "--accounts-file", listed)
    assert code == 2 and report_args == {}
    assert f"argument --accounts-file: {tmp_path / message}" in said and "Traceback" not in said


def test_a_missing_accounts_file_is_refused(report_args, capsys, tmp_path):
    code, said = _kam(capsys, "report", "--accounts-file", tmp_path / "nope.txt")
    assert code == 2 and report_args == {}
    assert f"argument --accounts-file: cannot read {tmp_path / 'nope.txt'}: No such file or directory" in said


@pytest.mark.parametrize("jobs", ["0", "-2", "1.5", "many", ""])
def test_jobs_below_one_or_not_whole_are_refused(report_args, capsys, jobs):
    code, said = _kam(capsys, "report", "--jobs", jobs)
    assert code == 2 and report_args == {}
    assert f"kam report: error: argument --jobs: must be a whole number of at least 1, got {jobs!r}" in said


def test_jobs_of_one_or_more_are_taken(report_args, capsys):
    assert _kam(capsys, "report", "--jobs", "3")[0] == 0 and report_args["jobs"] == 3


@pytest.mark.parametrize("timeout", ["-1", "-0.5", "nan", "inf", "soon"])
def test_a_negative_or_endless_timeout_is_refused(report_args, capsys, timeout):
    code, said = _kam(capsys, "report", "--timeout", timeout)
    assert code == 2 and report_args == {}
    assert (
        "kam report: error: argument --timeout: must be a number of seconds, 0 or more (0: no limit), "
        f"got {timeout!r}" in said
    )


@pytest.mark.parametrize("timeout, given", [("0", None), ("90", 90.0), ("2.5", 2.5)])
def test_a_timeout_of_zero_means_no_limit(report_args, capsys, timeout, given):
    assert _kam(capsys, "report", "--timeout", timeout)[0] == 0 and report_args["timeout"] == given


def test_an_unknown_id_holding_a_comma_is_named_whole():
    data = kt.sample_data(customers=5, years=1, seed=1, end="2026-10-31")
    known = str(data.customers["customer_id"].iloc[0])
    with pytest.raises(ValueError) as info:
        select_accounts(data, dt.date(2026, 10, 31), load_policy(None), [known, "Acme, Ltd."])
    assert str(info.value) == "unknown customer id(s) for --accounts: 'Acme, Ltd.'"
