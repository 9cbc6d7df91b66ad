"""Labels in both languages: every column and value code a reader sees, the strategies, Excel and forms.

A column registered, or a code added to the credit rules, the aging, the segments or the
policy's approval levels without an English and a Chinese label fails here.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

import kamtools as kt
from kamtools import credit, receivables
from kamtools import strategies as st
from kamtools.output import labels, tables
from kamtools.output.excel import write_workbook
from kamtools.output.formats import REGISTRY
from kamtools.output.forms import write_credit_forms, write_many_credit_forms
from kamtools.output.labels import relabel
from kamtools.policy import load_policy
from kamtools.schema import TABLES, conform

CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: English words left in a Chinese text (grades AAA..C, NR, short amounts 1.2 M / 35 k, MAN are no words).
WORD = re.compile(r"\b(?!(?:AAA|AA|BBB|BB|NR|MAN|DSO|CEI|AUC|RFM|ABC|FM|FY|k|M)\b)[A-Za-z]{2,}\b")


@pytest.fixture(autouse=True)
def english_after():
    yield
    labels.use("en")


def test_every_registered_column_has_an_english_and_a_chinese_label():
    missing = [name for name, fmt in REGISTRY.items() if not fmt.zh or not CHINESE.search(fmt.zh) or not fmt.en]
    assert missing == []
    assert labels.column("hold_overdue", "zh") == "冻结：逾期比例或金额超标"
    assert labels.column("change_yoy", "zh") == "同比变化" and labels.column("last_sign", "en") == "Last sign of life"


def _both(domain: str, code: str) -> tuple[str, str]:
    found = labels.names(domain, code)
    assert found is not None, f"{domain} {code!r} has no label"
    return found


@pytest.mark.parametrize(
    ("domain", "codes"),
    [
        ("action", credit.ACTIONS),
        ("limit_rule", tuple(credit.LIMIT_RULES)),
        ("hold_rule", tuple(credit.HOLD_RULES)),
        ("bucket", (*receivables.bucket_names(), *receivables.bucket_names([15, 45]))),
        ("approval_level", tuple(lv["key"] for lv in load_policy()["credit"]["approval_levels"])),
        ("table", tuple(TABLES)),
        ("promise_status", ("kept", "broken", "pending")),
        ("breach", ("no_limit", "over_limit", credit.approvals.BEYOND_AUTHORITY, credit.approvals.NOT_ON_LADDER)),
        *[(concept, tuple(codes)) for concept, codes in st.CONCEPTS.items()],
    ],
)
def test_every_code_has_labels_in_both_languages(domain, codes):
    labels.use("en", load_policy())
    for code in codes:
        en, zh = _both(domain, code)
        assert en and "_" not in en and CHINESE.search(zh), (domain, code, en, zh)


def test_the_shipped_policys_levels_and_an_unknown_code():
    labels.use("zh", load_policy())
    assert labels.value("required_level", "direct_sales_manager") == "直销部经理"
    assert labels.value("approval_level", "regional_company_manager", "en") == "Regional company manager"
    assert labels.value("tier", "nobody") == "nobody" and labels.names("action", "nobody") is None


def test_every_strategy_reads_in_chinese():
    for concept, strategies in st.CONCEPTS.items():
        for code, s in strategies.items():
            assert CHINESE.search(s.text_zh) and not WORD.search(s.text_zh.replace("m+a+n", "")), (concept, code)
            assert s.in_language("zh") == f"{s.zh}：{s.text_zh}"
            assert s.in_language("both") == f"{s.zh}：{s.text_zh} {s}"
    assert st.strategy_text(st.TIERS, ["key", None], "zh").tolist()[0] == st.TIERS["key"].in_language("zh")
    with pytest.raises(ValueError, match="language must be one of en, zh, both; got 'fr'"):
        st.TIERS["key"].in_language("fr")


def test_a_strategy_shown_in_any_column_follows_the_language():
    text = str(st.LIFECYCLE["defense"])
    labels.use("zh")
    assert labels.value("strategy", text) == st.LIFECYCLE["defense"].in_language("zh")
    assert labels.value("segment", st.TIERS["key"].label) == "重点客户"  # the account plan's segment column
    assert labels.value("content", st.TIERS["key"].text) == st.TIERS["key"].text_zh
    assert labels.strategy("abc", "A").startswith("A类客户：")
    labels.use("both")
    assert labels.value("segment", st.TIERS["key"].label) == "重点客户 key account"
    labels.use("en")  # English alone: no Chinese term in an English sentence
    assert labels.value("strategy", text) == text.replace(" (防御期)", "")
    assert labels.value("segment", st.TIERS["key"].label) == "key account"


def test_lists_and_sentences_read_part_by_part():
    labels.use("zh")
    assert labels.value("rules", "over_limit, past_due, grade") == "应收超额、长期逾期、信用等级"
    assert labels.value("rules", "over_limit, something_new") == "应收超额、something_new"  # unknown parts as they are
    assert labels.value("top_losses", "debt_ratio -8; management_quality -6") == "资产负债率 -8；管理水平 -6"
    assert labels.value(
        "review_reasons", "exposure without an approved limit; invoice 424 days past due (over 60)"
    ) == ("有风险敞口但无批准额度；有发票逾期424天（超过60天）")
    assert labels.value("description", "exposure 464 k is 336 k (263 %) over the approved limit 128 k") == (
        "风险敞口46.4万元，超出批准额度（12.8万元）33.6万元（263%）"
    )
    # an amount below 1,000 carries no unit in English; in Chinese money says 元 (a bare number would read as a count)
    assert labels.value("description", "exposure 768 without an approved limit") == "风险敞口768元，无批准额度"
    assert labels.value("description", "exposure 1.4 k without an approved limit") == "风险敞口1,400元，无批准额度"
    assert labels.value("change_mom", "-1.2 pt") == "-1.2个百分点"
    reason = (
        "grade BBB: 110 % of terms need 307 k (128 k a month × 45+10 days + open orders 73.2 k); "
        "meanwhile the last grade's limit: no purchases in the last 12 months: limit withdrawn until the next order"
    )
    assert labels.value("limit_reason", reason) == (
        "BBB级：账期需求30.7万元（月采购12.8万元×45+10天+未开票订单7.32万元）的110%；"
        "在此期间按上次等级的额度：近12个月无采购：撤销额度，待下次订单时再定"
    )
    assert labels.value("share_reason", "no financial statement") == "无财务报表"
    labels.use("en")
    assert labels.value("rules", "over_limit, past_due") == "Receivables over the limit, Invoice long past due"
    assert labels.value("top_losses", "quick_ratio -8") == "Quick ratio -8"
    assert labels.value("review_reasons", "never assessed") == "never assessed"


def test_the_committees_sentences_read_in_chinese():
    labels.use("zh")
    hold = (
        "on credit hold (over_limit, utilization): no increase while the hold is in force; release orders only as "
        "payments come in; the rules give 107 k: terms need 107 k (58.5 k a month × 45+10 days); no shipments on "
        "credit until exposure is within the limit: collect 75.2 k (overdue 38.7 k now + not yet due 36.5 k at its "
        "due dates, to bring the exposure within the limit), open orders 12 k held (shipped only against prepayment)"
    )
    assert labels.value("limit_reason", hold) == (
        "信用冻结（应收超额、含订单的额度使用率）：冻结期间不增额；仅随回款逐步放行订单；按规则为10.7万元：账期需求10.7万元（月采购5.85万元×45+10天）；"
        "风险敞口回到额度以内之前不再赊销发货：收款7.52万元（逾期款3.87万元立即收回，未到期款3.65万元到期收回，使风险敞口回到额度以内），"
        "暂停未开票订单1.2万元（仅预付后发货）"
    )
    short = (
        "short history (bought in 2 of the last 12 months): 17 k, the lesser of the approved limit 17 k and the "
        "starter limit 200 k of grade A; within capacity 522 k (the greater of 12 % of equity 2.22 M = 266 k and "
        "30 % of working capital 1.74 M = 522 k); payment terms: cash in advance (0 days) in place of 45 days"
    )
    assert labels.value("limit_reason", short) == (
        "交易历史短（近12个月中有2个月采购）：1.7万元，即现有额度1.7万元与A级起始额度20.0万元中的较低者；在偿付能力上限52.2万元以内（取较高者："
        "所有者权益222万元的12% = 26.6万元，营运资金174万元的30% = 52.2万元）；付款期限：预付现金（0天），取代原45天"
    )
    assert labels.value(
        "exceptions", "trading without an approved limit: exposure 2.4 k, bought in 10 of the last 12 months"
    ) == ("无批准额度赊销：风险敞口2,400元，近12个月中有10个月采购")
    assert labels.value(
        "approval_reason",
        "decrease to 0: the approver of the current limit (Wang): Direct-sales manager; the current limit 301 k was "
        "approved by Wang as an exception, whose approver does not approve its correction "
        "(credit.exception_decrease_approver): one level above that approver, Regional company manager",
    ) == (
        "降额至0：由现有额度的审批人（Wang）审批：直销部经理；现有额度30.1万元由Wang作为例外批准，例外的审批人不审批其纠正："
        "由该审批人的上一级审批：地区公司经理"
    )
    assert labels.value(
        "approval_reason",
        "limit unchanged at 0, payment terms from 45 to 0 days (cash in advance) and hand-over to collections or "
        "legal action: no limit in force, the level the current limit 0 needs: Account manager",
    ) == (
        "额度维持0，付款期限由45天改为预付现金（0天），并移交催收或法律程序：无现行额度，按现有额度0所需层级：客户经理"
    )
    assert labels.value("action", "withdraw") == "撤销额度" and labels.value("credit_holds", "grade") == "信用等级"


@pytest.fixture(scope="module")
def book():
    return kt.sample_data(customers=60, years=2, seed=3)


def test_the_credit_sentences_of_a_book_read_in_chinese(book):
    """Every re-review reason, limit reason, hold release and breach description the credit review shows
    (built from the credit layer's templates) reads in Chinese: no English word is left."""
    lim = credit.limits(book, "2026-10-31")
    held = credit.holds(book, "2026-10-31", lim=lim)
    cells = {
        "review_reasons": lim["review_reasons"],
        "release": held["release"],
        "rules": held["rules"],
        "description": credit.breaches(lim)["description"],
        "top_losses": credit.score(book, "2026-10-31")["top_losses"],
        # an analyst's override quotes the approver and the reason as the data has them
        "limit_reason": lim["limit_reason"][~lim["limit_reason"].str.contains("analyst override")],
        "approval_reason": lim["approval_reason"],
        "exceptions": lim["exceptions"],
        "credit_holds": lim["credit_holds"],
    }
    # who approved a limit is quoted as credit_limits.approved_by has it (a person or a title)
    approvers = sorted(set(book.credit_limits["approved_by"].dropna().astype(str)), key=len, reverse=True)

    def chinese(column: str, text: str) -> str:
        out = labels.value(column, text)
        for name in approvers:
            out = out.replace(name, "")
        return out

    labels.use("zh")
    for column, texts in cells.items():
        texts = [t for t in texts.dropna().unique() if t]
        assert texts, column
        left = [chinese(column, t) for t in texts if WORD.search(chinese(column, t))]
        assert left == [], column


def test_table_names_and_descriptions():
    labels.use("zh")
    assert labels.table("credit_factors") == "定性信用因素" and labels.table("customers", "en") == "Customers"
    assert all(CHINESE.search(t.chinese) for t in TABLES.values())
    assert labels.value("description", TABLES["invoices"].description) == "发票和红字发票（负数金额），每张单据一行。"
    assert labels.header("data", "credit_limits") == "信用额度"


def test_a_profile_shows_codes_by_the_rows_name():
    labels.use("zh")
    html = tables.values(pd.Series({"action": "collect", "approval_level": "none", "tier": "key"}, name="C1")).to_html()
    assert "先收款" in html and "无需审批" in html and "重点客户" in html and "collect" not in html


def test_excel_headers_and_codes_in_the_reports_language(tmp_path):
    frame = pd.DataFrame(
        {
            "tier": ["key", "prospect"],
            "action": ["collect", "keep"],
            "approved_limit": [1234.5, 0.0],
            "share": [0.5, 0.25],
        },
        index=pd.Index(["C1", "C2"], name="customer_id"),
    )
    labels.use("zh")
    path = write_workbook(
        tmp_path / "x.xlsx", {"list": frame}, money_columns=["approved_limit"], percent_columns=["share"], labels=True
    )
    ws = load_workbook(path)["list"]
    # money headed with its unit, whole with thousands separators (the cell keeps the exact amount)
    assert [c.value for c in ws[1]] == ["客户编号", "客户层级", "处理建议", "现有信用额度（元）", "占比"]
    assert [c.value for c in ws[2]] == ["C1", "重点客户", "先收款", 1234.5, 0.5]
    assert ws["D2"].number_format == "#,##0" and ws["E2"].number_format == "0.0%"  # kept by the column's name
    labels.use("en")
    ws = load_workbook(write_workbook(tmp_path / "e.xlsx", {"list": frame}, labels=True))["list"]
    # the registry knows the kinds without being told; English value labels in a cell start with a capital
    assert [c.value for c in ws[1]] == ["Customer ID", "Tier", "Action", "Approved credit limit (CNY)", "Share"]
    assert [c.value for c in ws[2]][1:3] == ["Key account", "Collect first"]
    assert (ws["D2"].number_format, ws["E2"].number_format) == ("#,##0", "0.0%")
    labels.use("zh")
    path = write_workbook(tmp_path / "y.xlsx", {"list": frame.reset_index(drop=True)}, labels=True)
    assert load_workbook(path)["list"]["A1"].value == "客户层级"  # a plain range index stays unwritten
    labels.use("en")
    plain = load_workbook(write_workbook(tmp_path / "z.xlsx", {"list": frame}))["list"]
    assert [c.value for c in plain[1]][:3] == ["customer_id", "tier", "action"]  # without labels: the names


def test_top_writes_the_whole_list_in_the_reports_language(tmp_path):
    frame = pd.DataFrame(
        {"exposure": [5.0, 9.0, 7.0], "action": ["collect", "hold", "keep"]},
        index=pd.Index(["C1", "C2", "C3"], name="customer_id"),
    )
    labels.use("zh")
    tables.top(frame, "exposure", 1, excel=tmp_path / "t.xlsx", what="customers", what_zh="客户")
    ws = load_workbook(tmp_path / "t.xlsx")["客户"]
    assert [c.value for c in ws[1]] == ["客户编号", "风险敞口（元）", "处理建议"]
    assert [c.value for c in ws["C"]][1:] == ["逾期冻结：不增额", "维持", "先收款"]


def _field(ws, label):
    return next(r[1].value for r in ws.iter_rows() if r[0].value == label)


def test_credit_forms_follow_the_language(book, tmp_path):
    cid = book.customers["customer_id"].iloc[0]
    zh = load_workbook(write_credit_forms(book, cid, "2026-10", tmp_path / "zh", language="zh"))["客户授信申请表"]
    both = load_workbook(write_credit_forms(book, cid, "2026-10", tmp_path / "both"))["客户授信申请表"]
    en = load_workbook(write_credit_forms(book, cid, "2026-10", tmp_path / "en", language="en"))[
        "Credit limit application"
    ]
    first = [r[0].value for r in zh.iter_rows() if r[0].value]
    assert "信用等级" in first and "Credit grade 信用等级" not in first and "Customer ID 客户编号" not in first
    assert _field(zh, "信用等级") == _field(both, "Credit grade 信用等级") == _field(en, "Credit grade")
    assert "客户编号" in first and "Payment terms + grace days" in [r[0].value for r in en.iter_rows()]
    with pytest.raises(ValueError, match="language must be one of en, zh, both; got 'fr'"):
        write_credit_forms(book, cid, "2026-10", tmp_path, language="fr")


#: A code of the data model or the policy (``equity_growth_3y``, ``credit.decrease_approver``) left in a text.
SNAKE = re.compile(r"[A-Za-z0-9]+_[A-Za-z0-9_]*[A-Za-z0-9]")
#: An amount written the English way (``117 k``, ``2.92 M``) where the Chinese writes 万元 or 元.
SHORT_AMOUNT = re.compile(r"\d (?:k|M)\b")


@pytest.fixture(scope="module")
def forms_book():
    """A small book with an analyst's override in force (C000002: a limit, approved by a title), and the
    customers whose forms cover every section: the forms queue's first, held customers (each hold rule with
    its release), the customers not rated and those in a group of companies."""
    data = kt.sample_data(customers=120, years=3, seed=3)
    override = pd.DataFrame(
        {
            "customer_id": ["C000002"],
            "decided_on": ["2026-09-01"],
            "grade": ["BBB"],
            "limit": [69000.0],
            "reason": ["parent guarantee on file"],
            "approved_by": ["regional manager"],
        }
    )
    data = kt.KamData({**data.frames(), "credit_overrides": conform(override, "credit_overrides")})
    sc = credit.score(data, "2026-10-31")
    lim = credit.limits(data, "2026-10-31", scores=sc)
    held = credit.holds(data, "2026-10-31", lim=lim)
    members = credit.group_members(data, "2026-10-31", lim=lim)
    picked = [
        *credit.forms_due(lim, None)[:12],
        *held.index[:8],
        *sc.index[sc["grade"] == "NR"][:3],
        *members.index[:3],
        "C000002",
    ]
    return data, list(dict.fromkeys(str(c) for c in picked))


def _form_texts(paths) -> list[tuple[str, str, str]]:
    """Every text of the forms: (sheet, cell, text), the sheet names among them."""
    out = []
    for path in paths:
        for ws in load_workbook(path).worksheets:
            out.append((ws.title, "sheet name", ws.title))
            out += [
                (ws.title, c.coordinate, c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)
            ]
    return out


def _without_data(text: str, data: list[str]) -> str:
    """``text`` without the book's own words a form quotes as they are (names, ids, the analysts' words)."""
    for word in data:
        text = text.replace(word, " ")
    return text


@pytest.mark.parametrize("language", ["zh", "en", "both"])
def test_every_cell_of_the_credit_forms_reads_in_the_reports_language(forms_book, language, tmp_path):
    """The forms of a Chinese report read Chinese in every cell, those of an English report English (the
    sheet names too); no code of the data model or the policy reaches a reader in any language. What the
    book holds as text (customer and account manager names, ids, an analyst's reason) stays as it is."""
    data, ids = forms_book
    cust, ov = data.customers, data.frames()["credit_overrides"]
    quoted = [*cust["customer_id"], *cust["name"], *cust["account_manager"].dropna(), *ov["reason"]]
    quoted = sorted({str(q) for q in quoted}, key=len, reverse=True)
    texts = _form_texts(write_many_credit_forms(data, ids, "2026-10", tmp_path, language=language))
    rest = [(sheet, cell, text, _without_data(text, quoted)) for sheet, cell, text in texts]
    assert [t for t in rest if SNAKE.search(t[3])] == []
    if language == "zh":
        assert [t for t in rest if WORD.search(t[3]) or SHORT_AMOUNT.search(t[3])] == []
    if language == "en":
        assert [t for t in rest if CHINESE.search(t[3])] == []
    # what the forms say, by their sections: the ratings, holds, approvals and an override are all there
    shown = " ".join(t[2] for t in texts)
    words = {
        "zh": ("偏弱", "解除条件", "审批依据", "地区公司经理于2026-09-01批准", "正常 ≥"),
        "en": (
            "weak",
            "What releases it",
            "Why this level",
            "approved by Regional company manager on 2026-09-01",
            "ok ≥",
        ),
    }
    assert all(w in shown for w in words.get(language, words["zh"] + words["en"]))


def test_the_sentences_pack_14e_asked_for_read_in_chinese():
    labels.use("zh")
    said = {
        # shorter terms with the need at them (C000151), the whole days below the standard terms, no terms at all
        "shorten payment terms from 45 to 15 days (the longest standard terms the limit 8 k carries): the need at "
        "them is 6.2 k (4.9 k a month × 15+10 days + open orders 2.1 k)": "将付款期限由45天缩短至15天（额度8,000元可支持的最长"
        "标准账期）：该账期下的需求为6,200元（月采购4,900元×15+10天+未开票订单2,100元）",
        "shorten payment terms from 30 to 10 days (the longest terms the limit 100 k carries): the need at them is "
        "100 k (150 k a month × 10+10 days)": "将付款期限由30天缩短至10天（额度10.0万元可支持的最长账期）：该账期下的需求为10.0万元"
        "（月采购15.0万元×10+10天）",
        "payment terms: cash in advance (0 days) in place of 60 days (the limit 1 k is below the need of the grace days "
        "alone, 10 k: 30 k a month × 0+10 days)": "付款期限：预付现金（0天），取代原60天（额度1,000元低于仅宽限期的需求1.0万元："
        "月采购3.0万元×0+10天）",
        # a provision with its basis and the collateral not netted (C000202)
        "provision 2 k: 25 % of 91–180 days past due 8 k (at the receivables page's provision rates, collateral 10 k "
        "not netted)": "坏账准备2,000元：逾期91–180天的8,000元×25%（按应收账款的坏账计提比例，担保1.0万元未扣减）",
        # a collection by part, and open orders alone held
        "no shipments on credit until exposure is within it: open orders 2 k held (shipped only against "
        "prepayment)": "风险敞口回到新额度以内之前不再赊销发货：暂停未开票订单2,000元（仅预付后发货）",
        "the limit takes grade C (scored BB) while the arrears are open": "欠款未清期间，额度按C级确定（评分等级BB）",
        # a cut takes effect when approved, the limit in force until then
        "new limit effective on approval (the limit in force applies until then)": "新额度经审批后生效（审批前仍按现有额度执行）",
    }
    for en, zh in said.items():
        assert labels.value("limit_reason", en) == zh, en
    assert labels.value(
        "exceptions",
        "approved on 2025-04-04 while an invoice was 283 days past due (942 k more than 90 days past due that day)",
    ) == ("于2025-04-04审批，当日有发票逾期283天（逾期超过90天的欠款94.2万元）")
    assert labels.value(
        "approval_reason",
        "limit unchanged at 40 k, payment terms from 45 to 15 days: the approver of the current limit (Wang): "
        "Direct-sales manager",
    ) == ("额度维持4.0万元，付款期限由45天缩短至15天：由现有额度的审批人（Wang）审批：直销部经理")
    assert labels.column("handler_exposure") == "超额敞口（经办人承担）"
    assert labels.column("orders_held") == "暂停发货的未开票订单"


def test_an_approver_from_the_data_reads_by_its_title_in_the_approval_sentences():
    # the committee's ZH register: "由现有额度的审批人（credit committee）审批", "由account manager越权审批",
    # "regional manager的人工调整": the approver (credit_limits.approved_by) reads through the approver labels;
    # a name that is no title stays as it is
    labels.use("zh")
    try:
        said = [
            labels.value(
                "approval_reason", "decrease to 50 k: the approver of the current limit (credit committee): x"
            ),
            labels.value(
                "exceptions", "approved by account manager, who is on no level of the ladder: authority unchecked"
            ),
            labels.value(
                "approval_reason",
                "exposure 1.2 M over the limit 500 k approved by Qian: one level above that approver, x",
            ),
        ]
    finally:
        labels.use("en")
    assert said == [
        "降额至5.0万元：由现有额度的审批人（地区公司经理）审批：x",  # the committee is on that level
        "由客户经理审批，其不在审批权限层级内：权限未经核查",
        "风险敞口120万元超出Qian批准的额度50.0万元：由该审批人的上一级审批：x",
    ]


def _lower_english(text: str, lang: str) -> bool:
    """Whether the English of a cell (after the Chinese in both languages) starts with a lower-case letter."""
    english = text
    if lang == "both":
        m = re.search(r"[\u3400-\u9fff）)] ([A-Za-z].*)$", text)
        english = m.group(1) if m else ""
    return bool(english) and english[0].islower()


@pytest.mark.parametrize("lang", ["en", "both"])
def test_table_cells_show_every_english_value_label_with_a_capital(lang):
    # a table of every value code of every domain whose English starts in lower case ("key account", "collect
    # first"): the report's tables (cells and row labels) and its workbooks show them as labels standing alone
    domains = {
        d: [c for c, (en, zh) in codes.items() if en[:1].islower() and en != zh] for d, codes in labels.CODES.items()
    }
    domains = {d: c for d, c in domains.items() if c and d not in ("man",)}  # MAN codes: capital = present
    assert {"tier", "action", "lifecycle", "status"} <= set(domains)
    labels.use(lang)
    try:
        wrong = []
        for domain, codes in domains.items():
            frame = pd.DataFrame({domain: codes}, index=pd.Index(codes, name=domain))
            soup = BeautifulSoup(tables.style(frame).to_html(), "html.parser")
            cells = [c.get_text(" ", strip=True) for c in soup.select("tbody td, tbody th")]
            shown = relabel(frame)
            cells += [str(v) for v in shown[shown.columns[0]]] + [str(v) for v in shown.index]
            wrong += [f"{domain}: {c!r}" for c in cells if _lower_english(c, lang)]
        # a sentence keeps the label in lower case where it stands mid-sentence
        assert labels.value("tier", "key") in ("key account", "重点客户 key account")
    finally:
        labels.use("en")
    assert wrong == [], f"{len(wrong)} value labels in lower case in a table ({lang}): {wrong[:20]}"


def test_a_small_amount_in_a_hold_release_reads_in_yuan():
    # below 1,000 the release sentence writes the amount to the cent: the Chinese gives it its unit too
    en = "reduce exposure (receivables and open orders) of 304 k by 147.98 to at most 100% of the limit of 304 k"
    assert (
        labels.names("release", en)[1]
        == "将风险敞口（应收账款和未开票订单）30.4万元降低147.98元，至不超过额度30.4万元的100%"
    )
