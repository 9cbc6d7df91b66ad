"""The account plan pages of some accounts as a reader sees them (text only), in several languages: the
fixtures of the plan tests read what each plan says."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from bs4 import BeautifulSoup

from kamtools.output import labels
from kamtools.report.plans import page


def page_texts(accounts: Mapping, period: str, pol, languages: Iterable[str] = ("zh", "en")) -> dict:
    """``(customer id, language)`` -> the text of the account's plan page in that language (no scripts, styles or
    images; whitespace collapsed); the labels' language back to English after."""
    texts = {}
    try:
        for language in languages:
            labels.use(language, pol)
            for cid, a in accounts.items():
                soup = BeautifulSoup(page(a, period, pol), "html.parser")
                for tag in soup(["script", "style", "img"]):
                    tag.decompose()
                texts[cid, language] = " ".join(html.unescape(soup.get_text(" ")).split())
    finally:
        labels.use("en")
    return texts
