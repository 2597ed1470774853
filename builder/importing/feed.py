"""What the ATS formats share: reading their JSON without trusting its shapes, and mapping their
employment types, work modes and pay to ours."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone
from typing import Any

from ..load.records import Band
from .ad import UnreadableSource

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_DEPTH = 100  # of nested lists and objects: a feed has a handful; deeper ones blow Python's stack

_TYPES = {"fulltime": "FULL_TIME", "parttime": "PART_TIME", "contract": "CONTRACTOR", "contractor": "CONTRACTOR",
          "intern": "INTERN", "internship": "INTERN", "temporary": "TEMPORARY", "temp": "TEMPORARY",
          "volunteer": "VOLUNTEER", "perdiem": "PER_DIEM"}
_MODES = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite", "inoffice": "onsite", "telecommute": "remote"}
_PERIODS = {"year": "YEAR", "annual": "YEAR", "month": "MONTH", "week": "WEEK", "day": "DAY", "hour": "HOUR"}


def load_json(text: str) -> Any:
    """The JSON value of `text`; ValueError if it is not JSON, UnreadableSource if it is nested
    deeper than MAX_DEPTH."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise UnreadableSource(f"JSON nested more than {MAX_DEPTH} levels deep") from None
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise UnreadableSource(f"JSON nested more than {MAX_DEPTH} levels deep")
            pending += [(item, depth + 1) for item in (value.values() if isinstance(value, dict) else value)]
    return data


def jobs(data: Any) -> list[dict[str, Any]]:
    """A board response's jobs (`{"jobs": [...]}`, as Greenhouse and Ashby send them), or the
    one job a single-job response is."""
    return records(data["jobs"]) if isinstance(data, dict) and isinstance(data.get("jobs"), list) else records([data])


def records(value: Any) -> list[dict[str, Any]]:
    """The objects in a JSON list; anything else in it, or a value that is no list, is left out."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def mapping(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str:
    """A JSON string, stripped, or a number written out (ids often are numbers); "" otherwise.
    Half a surrogate pair ("\\ud800" in the JSON) becomes U+FFFD: it cannot be written to a file."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value).strip()
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def name(value: Any) -> str:
    """A place or office as text, or as an object with a `name`."""
    return text(value) or text(mapping(value).get("name"))


def number(value: Any) -> float | None:
    """A finite number, or the text of one ("120000"); None otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        found = float(value)
    except (ValueError, OverflowError):
        return None
    return found if math.isfinite(found) else None


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
    low, high = number(low), number(high)
    if low is None or high is None or not (0 < low <= high) or not per or not isinstance(currency, str) \
            or not re.fullmatch(r"[A-Z]{3}", currency):
        return None
    tidy = lambda v: int(v) if v.is_integer() else round(v, 2)  # noqa: E731
    return Band(min=tidy(low), max=tidy(high), currency=currency, period=per, level=level)


def day(value: Any) -> str:
    """YYYY-MM-DD from an ISO timestamp or epoch milliseconds (Lever)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value / 1000, tz=timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):  # 1e20: past the year 9999
            return ""
    stamp = text(value)
    return stamp[:10] if re.match(r"\d{4}-\d{2}-\d{2}", stamp) else ""


def board_in(url: str, host: str) -> str:
    """The board's name in a job URL on the ATS's host: "jobs.lever.co/acme/..." -> "acme"."""
    m = re.search(rf"{re.escape(host)}/([^/?#]+)", url or "")
    return m.group(1) if m else ""
