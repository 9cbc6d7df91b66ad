"""The account plan page as a sales director reads it, on the committed sample: in the report's
language (no code, no "nan", no English in the Chinese page but the data's own names), and
every number it shares with the credit page equal to :func:`kamtools.credit.limits` of the same
date, its share of our revenue taken from :func:`kamtools.kpis`."""

from __future__ import annotations

import html
import re

import pytest
from bs4 import BeautifulSoup
from report_runs import sample_book_tables

import kamtools as kt
from kamtools.account_plan import account_profile
from kamtools.output import labels
from kamtools.output.currency import money_unit
from kamtools.policy import load_policy
from kamtools.report.plans import page

AS_OF, PERIOD = "2026-09-30", "2026-09"
#: The largest key account, one on credit hold, one whose assessment is stale, one that cuts its limit.
ACCOUNTS = ["C000282", "C000348", "C000065", "C000305"]
POL = load_policy()
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
WRONG = re.compile(r"\bnan\b|nan ?%|(?<![\d,.])-0(\.0+)?(?![\d.])|\binf\b|(?-i:\bNone\b|\bNaT\b)|<NA>", re.IGNORECASE)


@pytest.fixture(scope="module")
def sample():
    data = kt.load()
    book = sample_book_tables(AS_OF)  # the shipped policy's, POL
    accounts = {cid: account_profile(data, cid, AS_OF, POL, book=book) for cid in ACCOUNTS}
    pages = {}
    for language in ("zh", "en", "both"):
        labels.use(language, POL)
        pages.update({(cid, language): page(a, PERIOD, POL) for cid, a in accounts.items()})
    labels.use("en")
    return data, accounts, pages


def _text(sample, cid: str, language: str) -> str:
    """What a reader sees of the plan page of ``cid`` in ``language`` (chart data left out)."""
    soup = BeautifulSoup(sample[2][cid, language], "html.parser")
    for tag in soup(["script", "style", "img"]):
        tag.decompose()
    return html.unescape(soup.get_text(" "))


@pytest.mark.parametrize("language", ["zh", "en", "both"])
def test_no_code_and_no_nan_on_the_page(sample, language):
    for cid in ACCOUNTS:
        shown = _text(sample, cid, language)
        assert not SNAKE.findall(shown), (cid, SNAKE.findall(shown))
        assert not WRONG.search(shown), (cid, shown[max(0, WRONG.search(shown).start() - 60) :][:120])


def _data_words(account) -> set[str]:
    """The words in Latin letters that come from the data: names, ids, the approver, roles not known."""
    p, c = account.profile, account.credit
    values = [account.name, account.customer_id, p["account_manager"], p["industry"], p["region"], c["approved_by"]]
    values += list(account.contacts["name"].astype(str)) + list(account.open_items.index.astype(str))
    return {w for v in values for w in re.findall(r"[A-Za-z]+", str(v))}


def test_the_chinese_page_has_no_english_but_the_data(sample):
    grades = set(kt.credit.grade_order(POL))
    for cid, account in sample[1].items():
        shown = _text(sample, cid, "zh")
        assert set(re.findall(r"[A-Za-z]+", shown)) - _data_words(account) - grades == set(), cid
        # and the plan's four parts are there, in Chinese
        assert all(h in shown for h in ("一、客户现状", "二、未来12个月目标", "三、下季度行动", "四、风险")), cid


def test_in_both_languages_the_chinese_comes_first_the_english_under_it(sample):
    out = sample[2]["C000282", "both"]
    assert '<html lang="zh-CN">' in out and '<html lang="en">' in sample[2]["C000282", "en"]
    assert '<h2>四、风险<span class="en">4. Risks</span></h2>' in out
    assert '<th>负责人<span class="en">Who</span></th>' in out


def test_the_plan_states_the_credit_pages_numbers(sample):
    data, accounts, _ = sample
    lim = kt.credit.limits(data, AS_OF, POL)  # what the credit page shows, computed on its own
    u, en_u = money_unit(POL, "zh"), money_unit(POL, "en")  # 元 in Chinese, CNY first in English
    for cid, account in accounts.items():
        row = lim.loc[cid]
        assert account.credit["recommended_limit"] == row["recommended_limit"]
        assert account.credit_check["recommended_limit"] == row["recommended_limit"]
        zh, en = _text(sample, cid, "zh"), _text(sample, cid, "en")
        # the sentence on the credit standing, and the check of the objective against the limit
        assert f"建议信用额度 {u.text(row['recommended_limit'])}（" in zh, cid
        assert f"Recommended limit {en_u.text(row['recommended_limit'])} (" in en, cid
        # held for arrears, the check says what releases the hold instead (the hold list's amount)
        release = account.credit["release_amount"]  # NaN when no money releases the hold (an expired assessment)
        due = account.credit["review_due"]  # the re-review list's day: a new assessment releases the hold
        held = "冻结解除之前不在赊销上增长" + (
            f"：收回 {u.text(release)}（与信用冻结清单"
            if release > 0
            else f"：信用部在{due:%Y-%m-%d}前重新评估后即解除冻结，无需收款"
            if account.credit_check["reassess_only"]
            else "，目标待冻结解除后执行"
        )
        legal = "新业务不给予信用：欠款移交催收/法务期间额度收回"  # a legal case: no objective on credit at all
        assert (
            re.search(f"建议信用额度 {re.escape(u.text(row['recommended_limit']))}(足以支持|。)", zh)
            or (account.credit_check["hold"] and held in zh)
            or (row["action"] == "legal" and legal in zh and held not in zh)
        ), cid
        if row["approved_limit"] > 0:
            assert f"现有信用额度 {u.text(row['approved_limit'])}（" in zh, cid
        assert f"风险敞口 {u.text(row['exposure'])}，" in zh, cid
        assert f"信用等级 {row['grade']}" in zh, cid
        if row["overdue"] > 0:
            assert f"逾期 {u.text(row['overdue'])}（" in zh, cid


def test_the_accounts_share_of_our_revenue_is_that_of_the_headline_number(sample):
    data, accounts, _ = sample
    book_revenue = kt.kpis(data, AS_OF, POL).loc["revenue_12m", "value"]
    for cid, account in accounts.items():
        assert account.profile["revenue_share"] == pytest.approx(account.margin["revenue_12m"] / book_revenue)
        assert f"占公司近12个月收入的 {account.profile['revenue_share'] * 100:.1f} %" in _text(sample, cid, "zh")


def test_the_overdue_invoices_shown_are_the_largest_five_with_the_total_of_all(sample):
    account = sample[1]["C000282"]
    overdue = account.open_items[account.open_items["days_past_due"] > 0]
    assert len(overdue) > 5  # the sample's largest key account owes more than five overdue invoices
    soup = BeautifulSoup(sample[2]["C000282", "en"], "html.parser")
    table = next(t for t in soup.find_all("table") if "Days past due" in t.get_text())
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]]
    largest = overdue.sort_values("open_amount", ascending=False).head(5)
    assert [r[0] for r in rows[:5]] == list(largest.index)
    assert rows[5][0] == f"Total: {len(overdue)} overdue invoices (the 5 largest above)"
    assert rows[5][1] == f"{overdue['open_amount'].sum():,.0f}" == f"{account.aging['overdue']:,.0f}"


def test_the_plan_states_the_dunning_level_the_receivables_page_gives(sample):
    # each account's dunning level (催款等级) is the one of kt.receivables.dunning on the same day, with who acts,
    # in the sentence on what is overdue; below the first level nothing is said
    data, accounts, _ = sample
    levels = kt.receivables.dunning(data, AS_OF, POL)
    said = 0
    for cid in accounts:
        zh, en = _text(sample, cid, "zh"), _text(sample, cid, "en")
        if cid not in levels.index or levels.at[cid, "dunning_level"] == "none":
            assert "催收等级" not in zh and "Dunning level" not in en, cid
            continue
        row = levels.loc[cid]
        labels.use("zh", POL)
        level, actor = (labels.value(c, row[c]) for c in ("dunning_level", "actor"))
        labels.use("en")
        if row["dunning_action"] == "legal" and accounts[cid].credit["action"] != "legal":  # before the hand-over
            assert f"催收等级：{level}" in zh and "才移交法务，在此之前由客户经理催收" in zh, cid
        else:
            assert f"催收等级：{level}，由{actor}负责" in zh, cid
            # a step of the collections team or the finance manager: the calls stay the account manager's
            calls = row["actor"] not in ("account_manager", "legal") and accounts[cid].credit["action"] != "legal"
            assert ("客户经理仍按催收清单电话催收" in zh) == calls, cid
        assert ("比上月升级" in zh) == bool(row["moved_up"]), cid
        assert f"Dunning level: {labels.value('dunning_level', row['dunning_level'])}" in en, cid
        said += 1
    assert said, "one of the sample's planned accounts should be at a dunning level"
