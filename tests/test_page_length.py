"""The credit review and receivables pages print short: a long list of customers shows its first 5 rows
(and the customers a decision of the index names) with the whole list in its workbook, linked beside it.
Read on the sample's report (tests/report_runs.py)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from report_runs import sample_report

pytestmark = pytest.mark.kernels

PREVIEW = 5


@pytest.mark.parametrize("page", ["03_credit_review", "04_receivables"])
def test_a_list_of_customers_shows_five_rows_and_those_the_index_names(page):
    result = sample_report("zh")
    soup = BeautifulSoup((result.folder / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    index = (result.folder / "index.html").read_text(encoding="utf-8")
    long = []
    for table in soup.find_all("table"):
        heads = [th.get_text(strip=True) for th in table.select("thead th")]
        if "客户编号" not in heads:
            continue  # not a list of customers (a matrix, a table per level or manager)
        rows = [tr for tr in table.select("tbody tr")]
        named = [tr for tr in rows if tr.find("th") and f"({tr.find('th').get_text(strip=True)})" in index]
        if len(rows) > PREVIEW + len(named):
            long.append((heads[:3], len(rows)))
    assert not long, long  # before: 15 or 20 rows a list, 28 and 24 printed pages
    # each preview links its whole list
    links = {a["href"] for a in soup.find_all("a", href=True) if a["href"].endswith(".xlsx")}
    assert len(links) >= 4, links
