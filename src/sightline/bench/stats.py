"""Percentiles for the benchmarks' figures (NumPy's linear interpolation, one definition)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; 0.0 for no values."""
    return float(np.percentile(values, q)) if len(values) else 0.0


def percentile_or_none(values: Sequence[float], q: float, digits: int = 1) -> float | None:
    """The q-th percentile rounded to `digits`; None for no values (a figure not measured)."""
    return round(percentile(values, q), digits) if len(values) else None
