"""What both peer scripts share: the --runs argument type and the timing fields of their JSON line."""

import argparse
import statistics


def positive_int(text):
    """argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def timing_fields(timings):
    """runs, median_s, min_s and max_s of wall-clock timings in seconds."""
    return {
        "runs": len(timings),
        "median_s": round(statistics.median(timings), 4),
        "min_s": round(min(timings), 4),
        "max_s": round(max(timings), 4),
    }
