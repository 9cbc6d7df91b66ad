"""Shared fixtures: small deterministic data sets."""
from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")
# Lessons run by nbval: a wrong answer in an instructor notebook fails the test.
os.environ["KAM_TRAINING_STRICT"] = "1"

import pytest  # noqa: E402

import kamtools as kt  # noqa: E402


@pytest.fixture(scope="session")
def small_data() -> kt.KamData:
    """A small generated book (200 customers, 3 years), the same for every test."""
    return kt.sample_data(customers=200, years=3, seed=11)
