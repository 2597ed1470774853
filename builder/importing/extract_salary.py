"""Salary bands from the employer's prose: "Salary Range: 185,000 to 250,000 USD per year",
"$125,269-$179,597 annually for a Senior I and $136,543-$195,761 annually for a Senior II",
"65.000 € – 80.000 € brutto im Jahr", "£450-£550 per day", "California: $150k - $180k".

Each paragraph is searched for ranges (or a single amount with its period); one with a currency
and a period, in a paragraph that names pay, becomes a Band. An open-ended amount ("up to
$150,000") is reported, not made a band; amounts that are not plainly pay (a funding round, a
stipend, a range with no period or pay word) are left alone."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..load.records import Band
from .data import load

_NUMBER = r"\d{1,3}(?:(?:[,.]|[ \u00a0\u202f](?=\d{3}\b))\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_SUFFIX = r"(?:\s?(?:k|K|thousand|Tsd\.?|m|M|million|Mio\.?)(?![A-Za-z]))?"
_DASH = r"\s*(?:-|–|—|to|bis|and)\s*"


@dataclass(frozen=True)
class Salary:
    bands: tuple[Band, ...]
    text: str  # the paragraphs the bands were read from, verbatim
    doubts: tuple[str, ...]  # what looked like pay but is not a band


@functools.cache
def _rules() -> dict:
    rules = load("salary.yml")
    symbols = sorted(rules["symbols"], key=len, reverse=True)
    symbol = "|".join(re.escape(s) for s in symbols)
    code = "|".join(rules["codes"])

    def amount(p: str) -> str:
        return (rf"(?P<{p}cur1>{symbol})?\s?(?P<{p}num>{_NUMBER})(?![,.]?\d)(?P<{p}suf>{_SUFFIX})"
                rf"(?:\s?(?P<{p}cur2>{code}|€|£|(?<=\d)\$)(?![A-Za-z]))?")

    periods = {period: re.compile("|".join(rx for rx in patterns), re.IGNORECASE)
               for period, patterns in rules["periods"].items()}
    return {
        "symbols": rules["symbols"],
        "range": re.compile(rf"(?P<lead>(?:{code})\s?)?{amount('a')}{_DASH}{amount('b')}"),
        "single": re.compile(rf"(?P<lead>(?:{code})\s?)?{amount('a')}"),
        "periods": periods,
        "context": re.compile("|".join(rules["context"]), re.IGNORECASE),
        "not_pay": re.compile("|".join(rules["not_pay"]), re.IGNORECASE),
        "generic": re.compile("|".join(rules["generic_words"]), re.IGNORECASE),
        "code": re.compile(rf"\b({code})\b"),
        "filler": re.compile(rf"^\s*(?:\(?(?:gross|brutto|brut|base|salary|OTE|{code})\)?\s*)+", re.IGNORECASE),
    }


def extract(text: str) -> Salary:
    bands: list[Band] = []
    used: list[str] = []
    doubts: list[str] = []
    for paragraph, names_pay in _paragraphs(text):
        found, problems = _bands_in(paragraph, names_pay)
        if found or problems:
            used.append(re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", paragraph.strip()))
        bands += found
        doubts += problems
    unique = tuple(dict.fromkeys(bands))
    return Salary(unique, " ".join(" ".join(p.split()) for p in used) if unique else "", tuple(doubts))


def _paragraphs(text: str) -> list[tuple[str, bool]]:
    """(paragraph, whether its context names pay): each line of a list on its own, as a per-state
    list gives a band a line; the context is the paragraph with the one before it, often a
    heading. Searched once per paragraph, not once per line: a long list stays linear."""
    parts = []
    previous = ""
    for paragraph in re.split(r"\n\s*\n", text):
        lines = paragraph.split("\n")
        names_pay = bool(_rules()["context"].search(previous + "\n" + paragraph))
        if len(lines) > 1 and sum(bool(re.search(r"\d", line)) for line in lines) > 1:
            parts += [(line, names_pay) for line in lines]
        else:
            parts.append((paragraph, names_pay))
        previous = paragraph
    return [(p, pay) for p, pay in parts if re.search(r"\d", p)]


def _bands_in(paragraph: str, names_pay: bool) -> tuple[list[Band], list[str]]:
    rules = _rules()
    plain = re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", paragraph))
    if rules["not_pay"].search(plain) and not re.search(r"salar|pay range|compensation range", plain, re.IGNORECASE):
        return [], []
    bands, doubts = [], []
    starts, ends = [], []  # of the ranges made bands, in order
    for m in rules["range"].finditer(plain):
        band = _band(m, plain, names_pay, ranged=True)
        if band is not None:
            bands.append(band)
            starts.append(m.start())
            ends.append(m.end())
    for m in rules["single"].finditer(plain):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < ends[i]:
            continue  # an end of a range
        before = plain[max(0, m.start() - 14):m.start()].lower()
        after = plain[m.end():m.end() + 2]
        currency = _currency(m, "a", plain)
        if currency is None:
            continue
        open_ended = re.search(r"(up to|upto|max(?:imum)?|bis zu|from|starting at|ab|minimum|at least)\s*$", before)
        if open_ended or after.startswith("+"):
            if names_pay or _period(plain, m.end()):
                words = f"{open_ended.group(1)} " if open_ended else ""
                doubts.append(f"'{words}{m.group(0).strip()}' is open-ended; not a band")
            continue
        band = _band(m, plain, names_pay, ranged=False)
        if band is not None:
            bands.append(band)
    return bands, doubts


def _band(m: re.Match[str], text: str, names_pay: bool, ranged: bool) -> Band | None:
    currency = _currency(m, "a", text) or (_currency(m, "b", text) if ranged else None)
    if currency is None:
        return None
    low = _amount(m.group("anum"), m.group("asuf"))
    high = _amount(m.group("bnum"), m.group("bsuf")) if ranged else low
    if ranged and m.group("bsuf") and not m.group("asuf") and low * 1000 <= high:
        low *= _scale(m.group("bsuf"))  # "$80-100k": the suffix belongs to both
    period = _period(text, m.end()) or _period_before(text, m.start())
    if period is None:
        if not (ranged and names_pay and low >= 10000):
            return None
        period = "YEAR"  # a five-figure salary range with no period is yearly
    if low <= 0 or high < low:
        return None
    return Band(min=_tidy(low), max=_tidy(high), currency=currency, period=period, level=_level(text, m))


def _currency(m: re.Match[str], side: str, text: str) -> str | None:
    """The ISO code of an amount: its own symbol or code, else the other end's of a range, else a
    code right after it. A "$" followed by a code ("$120,000 - $150,000 CAD") is that dollar."""
    rules = _rules()
    groups = {name: value for name, value in m.groupdict().items() if value}
    marks = [groups.get(f"{s}{k}", "") for s in (side, "b" if side == "a" else "a") for k in ("cur1", "cur2")]
    codes = [c for c in [groups.get("lead", "").strip(), *marks] if rules["code"].fullmatch(c)]
    after = rules["code"].match(text[m.end():m.end() + 64].lstrip()) if text[m.end():m.end() + 1] in (" ", "\u00a0") else None
    if after:
        codes.append(after.group(1))
    symbols = [rules["symbols"][c] for c in marks if c in rules["symbols"]]
    if codes and (not symbols or symbols[0] == "USD"):
        return codes[0]
    return symbols[0] if symbols else None


def _amount(number: str, suffix: str | None) -> float:
    return _number(number) * _scale(suffix)


def _scale(suffix: str | None) -> int:
    s = (suffix or "").strip().lower().rstrip(".")
    return 1000 if s in ("k", "thousand", "tsd") else 1_000_000 if s in ("m", "million", "mio") else 1


def _number(raw: str) -> float:
    """185,000 and 65.000 and 65 000 are thousands; 85.5 and 85,5 are decimals."""
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        whole, frac = raw.rsplit(decimal, 1)
        return float(re.sub(r"[,.]", "", whole) + "." + frac)
    for sep in ",.":
        if sep in raw:
            groups = raw.split(sep)
            if all(len(g) == 3 for g in groups[1:]):
                return float("".join(groups))
            return float(raw.replace(sep, "."))
    return float(raw)


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def _period(text: str, end: int) -> str | None:
    """The period named right after the amount ("... USD per year", "/hr", "annually")."""
    window = _rules()["filler"].sub(" ", text[end:end + 40])
    best = None
    for period, rx in _rules()["periods"].items():
        m = rx.search(window)
        if m and m.start() <= 12 and (best is None or m.start() < best[1]):
            best = (period, m.start())
    return best[0] if best else None


def _period_before(text: str, start: int) -> str | None:
    """A period that introduces the range: "Hourly rate: $45 - $60", "Day rate £500-£600"."""
    window = text[max(0, start - 30):start]
    for period, rx in _rules()["periods"].items():
        if rx.search(window):
            return period
    return None


_LEVEL_AFTER = re.compile(r"[^.;\n]{0,40}?\bfor\s+(?:an?\s+|the\s+)?(?P<level>(?:[A-Z][\w+-]*|I{1,3}|IV|V|\d)(?:\s+(?:[A-Z][\w+-]*|I{1,3}|IV|V|\d)){0,3})"
                          r"|[^.;\n]{0,30}?\bin\s+(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})")


def _level(text: str, m: re.Match[str]) -> str:
    """The label a band carries: "... for a Senior I", "... in Colorado", "California: $..."."""
    after = _LEVEL_AFTER.match(text, m.end())
    if after:
        return (after.group("level") or after.group("place") or "").strip()
    start = m.start("lead") if m.group("lead") else m.start()
    head = text[max(0, start - 200):start]  # a label is a few words: no need to split all that comes before
    pieces = re.split(r"[\n.;•]|(?<=\d)\s*,\s", head)
    if len(pieces) == 1 and start > 200:
        return ""
    line = pieces[-1]
    label = line.strip().rstrip(":–—-(").strip()
    label = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", label).strip()
    if not label or len(label.split()) > 5 or _rules()["generic"].search(label):
        return ""
    if not re.fullmatch(r"[A-Z][\w&'’/ -]*(?: pay range| range| salary| zone| tier)?", label) or not line.rstrip().endswith((":", "–", "—", "-")):
        return ""
    return re.sub(r"\s+(?:pay range|range|salary)$", "", label, flags=re.IGNORECASE)
