"""What the ATS formats share: mapping their employment types, work modes and pay to ours."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from ..load.records import Band

_TYPES = {"fulltime": "FULL_TIME", "parttime": "PART_TIME", "contract": "CONTRACTOR", "contractor": "CONTRACTOR",
          "intern": "INTERN", "internship": "INTERN", "temporary": "TEMPORARY", "temp": "TEMPORARY",
          "volunteer": "VOLUNTEER", "perdiem": "PER_DIEM"}
_MODES = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite", "inoffice": "onsite", "telecommute": "remote"}
_PERIODS = {"year": "YEAR", "annual": "YEAR", "month": "MONTH", "week": "WEEK", "day": "DAY", "hour": "HOUR"}


def jobs(data: Any) -> list[Any]:
    """A board response's jobs (`{"jobs": [...]}`, as Greenhouse and Ashby send them), or the
    one job a single-job response is."""
    return data["jobs"] if isinstance(data, dict) and isinstance(data.get("jobs"), list) else [data]


def employment_type(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    found = [_TYPES.get(re.sub(r"[^a-z]", "", str(v).lower())) for v in values if v]
    return tuple(t for t in found if t)


def work_mode(value: Any) -> str:
    return _MODES.get(re.sub(r"[^a-z]", "", str(value or "").lower()), "")


def period(value: Any) -> str:
    """"1 YEAR", "per-year-salary", "HOUR" -> YEAR, HOUR; "" when it names none of ours."""
    text = str(value or "").lower()
    return next((p for key, p in _PERIODS.items() if key in text), "")


def band(low: Any, high: Any, currency: Any, per: str, level: str = "") -> Band | None:
    """A band from numbers the feed gives, or None when they do not make one (an open end)."""
    try:
        low, high = float(low), float(high if high is not None else "nan")
    except (TypeError, ValueError):
        return None
    if not (0 < low <= high) or not per or not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        return None
    tidy = lambda v: int(v) if v.is_integer() else round(v, 2)  # noqa: E731
    return Band(min=tidy(low), max=tidy(high), currency=currency, period=per, level=level)


def day(value: Any) -> str:
    """YYYY-MM-DD from an ISO timestamp or epoch milliseconds (Lever)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc).date().isoformat()
    text = str(value or "")
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else ""


def board_in(url: str, host: str) -> str:
    """The board's name in a job URL on the ATS's host: "jobs.lever.co/acme/..." -> "acme"."""
    m = re.search(rf"{re.escape(host)}/([^/?#]+)", url or "")
    return m.group(1) if m else ""
