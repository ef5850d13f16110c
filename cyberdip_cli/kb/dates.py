"""Content dates (YYYY, YYYY-MM or YYYY-MM-DD) and the spans between them."""

import datetime as dt


def precision(text: str | None) -> int:
    """3 for a day, 2 for a month, 1 for a year, 0 for nothing."""
    return 0 if not text else text.count("-") + 1


def to_date(text: str) -> dt.date:
    """The first day a partial date can mean (2017-05 is 1 May 2017)."""
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def days_between(start: str | None, end: str | None) -> int | None:
    """Whole days from start to end, only when both are known to the day."""
    if precision(start) < 3 or precision(end) < 3:
        return None
    return (to_date(end) - to_date(start)).days


def months_between(start: str | None, end: str | None) -> int | None:
    """Whole calendar months, when both are known at least to the month."""
    if precision(start) < 2 or precision(end) < 2:
        return None
    a, b = to_date(start), to_date(end)
    return (b.year - a.year) * 12 + b.month - a.month


def before(a: str, b: str) -> bool:
    """True when `a` is surely earlier than `b` at the precision both share."""
    n = min(precision(a), precision(b))
    return a.split("-")[:n] < b.split("-")[:n] if n else False
