"""Order statistics shared by the in-process measurement and the runner."""

import math
import statistics


def percentile(values, share):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary_ms(seconds):
    """Median and 95th percentile of timings in seconds, in milliseconds."""
    return {
        "median_ms": statistics.median(seconds) * 1000,
        "p95_ms": percentile(seconds, 0.95) * 1000,
    }
