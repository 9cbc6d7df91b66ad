"""Shared fixtures: small deterministic data sets."""
from __future__ import annotations

import pytest

import kamtools as kt


@pytest.fixture(scope="session")
def small_data() -> kt.KamData:
    """A small generated book (200 customers, 3 years), the same for every test."""
    return kt.sample_data(customers=200, years=3, seed=11)
