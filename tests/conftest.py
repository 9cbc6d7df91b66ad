"""Shared fixtures: small deterministic data sets; hypothesis profiles."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from hypothesis import settings

import kamtools as kt
from kamtools.output import labels

#: ``ci`` (the default, `make test`): the examples each property test asks for. ``dev``
#: (`make test-fast`): at most 10 examples, for the inner loop. Choose with HYPOTHESIS_PROFILE.
settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=10, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def small_data() -> kt.KamData:
    """A small generated book (200 customers, 3 years), the same for every test."""
    return kt.sample_data(customers=200, years=3, seed=11)


#: The report date of :func:`small_data` (the last day of its latest complete month).
SMALL_AS_OF = "2026-10-31"


@pytest.fixture(scope="session")
def _small_credit(small_data) -> tuple:
    return kt.credit.score(small_data, SMALL_AS_OF), kt.credit.limits(small_data, SMALL_AS_OF)


@pytest.fixture
def small_scores(_small_credit) -> pd.DataFrame:
    """The credit scores of :func:`small_data` on 2026-10-31 under the shipped policy (worked out once
    per test process; each test gets its own copy)."""
    return _small_credit[0].copy()


@pytest.fixture
def small_limits(_small_credit) -> pd.DataFrame:
    """The credit limits of :func:`small_data` on 2026-10-31 under the shipped policy (worked out once
    per test process; each test gets its own copy)."""
    return _small_credit[1].copy()


@pytest.fixture(autouse=True)
def _labels_back_in_english():
    """Every test leaves the labels' language as it found them: English (a test that writes a page in Chinese
    or both languages must not change what the next test in the same worker writes)."""
    yield
    labels.use("en")
