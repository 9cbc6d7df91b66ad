"""Shared fixtures: small deterministic data sets; hypothesis profiles."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

import kamtools as kt

#: ``ci`` (the default, `make test`): the examples each property test asks for. ``dev``
#: (`make test-fast`): at most 10 examples, for the inner loop. Choose with HYPOTHESIS_PROFILE.
settings.register_profile("ci", deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=10, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def small_data() -> kt.KamData:
    """A small generated book (200 customers, 3 years), the same for every test."""
    return kt.sample_data(customers=200, years=3, seed=11)
