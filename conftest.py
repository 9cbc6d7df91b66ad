"""Settings for every test run, whatever paths are collected (tests, doctests, notebooks).

Notebook kernels started by nbval inherit this environment.
"""
from __future__ import annotations

import os

# Charts draw off-screen.
os.environ.setdefault("MPLBACKEND", "Agg")
# Lessons run by nbval: a wrong answer in an instructor notebook fails the test.
os.environ["KAM_TRAINING_STRICT"] = "1"
