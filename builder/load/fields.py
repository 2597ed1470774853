"""Typed field readers for YAML mappings: each problem becomes a SourceError at its key's line."""

from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable
from urllib.parse import urlsplit

import yaml

from .errors import SourceError
from .records import PERIODS, Band, Location
from .source import Document

INVALID: Any = object()
"""Returned by a reader that reported an error; the caller leaves the field out."""


@functools.cache
def _iso_codes() -> tuple[frozenset[str], frozenset[str]]:
    """ISO 4217 currency and ISO 3166 country codes, read on first use: a rebuild that parses
    nothing should not load pycountry's tables (a tenth of its start-up)."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies), frozenset(c.alpha_2 for c in pycountry.countries)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Fields:
    """The error collector for one document."""

    def __init__(self, doc: Document, errors: list[SourceError]):
        self.doc = doc
        self.errors = errors
        self.key_lines: dict[str, int] = {}  # the lines of keys named by key_name

    def line(self, name: str) -> int:
        """The line of the field's key, or of its nearest parent that is in the file."""
        while name and name not in self.doc.lines and name not in self.key_lines:
            parent = re.match(r"^(.*?)(?:\.[^.\[]+|\[\d+\])$", name, re.DOTALL)
            name = parent.group(1) if parent else ""
        return self.key_lines.get(name) or self.doc.lines.get(name, 1)

    def key_name(self, prefix: str, key: Any) -> str:
        """The field that `key` of the mapping at `prefix` names. A key that is not text, or is
        empty, gets a readable name (`null`, `true`, `(empty key)`) that still finds its line."""
        if isinstance(key, str) and key:
            return _join(prefix, key)
        name = _join(prefix, "(empty key)" if key == "" else _scalar(key))
        line = self.doc.lines.get(_join(prefix, key)) if key == "" else self._line_of_key(prefix, key)
        if line:
            self.key_lines[name] = line
        return name

    def _line_of_key(self, prefix: str, key: Any) -> int | None:
        """The document's lines name keys by their text in the file (`~`, `0x1F`): the one that
        reads as `key`."""
        start = f"{prefix}." if prefix else ""
        for name, line in self.doc.lines.items():
            if name.startswith(start):
                try:
                    value = yaml.safe_load(name[len(start):])
                except (yaml.YAMLError, ValueError):
                    continue
                if type(value) is type(key) and value == key:
                    return line
        return None

    def fail(self, name: str, message: str) -> Any:
        self.errors.append(SourceError(self.doc.path, self.line(name), name, message))
        return INVALID


Reader = Callable[[Fields, str, Any], Any]
JsonSchema = Callable[[], dict[str, Any]]  # made on call: some need pycountry's tables


def describe(json_schema: JsonSchema) -> Callable[[Reader], Reader]:
    """Give a reader the JSON Schema of the values it accepts. `jobboard schema` makes the editor
    schemas from these, so every reader has one (a test fails on a reader without)."""
    def attach(reader: Reader) -> Reader:
        reader.json_schema = json_schema  # type: ignore[attr-defined]
        return reader
    return attach


@dataclass(frozen=True)
class Field:
    read: Reader
    required: bool = False


def read_mapping(f: Fields, prefix: str, data: Any, schema: dict[str, Field]) -> dict[str, Any]:
    """The valid fields of `data` by name; every missing, unknown or bad field is reported."""
    if not isinstance(data, dict):
        f.fail(prefix, f"expected a mapping, got {kind(data)}")
        return {}
    for key in data:
        if not isinstance(key, str) or key not in schema:
            close = difflib.get_close_matches(key, schema, n=1) if isinstance(key, str) else []
            hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(schema)}"
            f.fail(f.key_name(prefix, key), "unknown field" + hint)
    values = {}
    for key, field in schema.items():
        name = _join(prefix, key)
        if data.get(key) is None:
            if field.required:
                f.fail(name, "is required")
            continue
        value = field.read(f, name, data[key])
        if value is not INVALID:
            values[key] = value
    return values


def _join(prefix: str, key: Any) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


LONGEST = 60  # characters of a value quoted in a message


def quote(text: str) -> str:
    """Text as a message quotes it; a long text cut short."""
    return f"'{text}'" if len(text) <= LONGEST else f"'{text[:LONGEST - 1]}…'"


def _digits(value: int) -> int:
    """The digits of a positive integer; str() of a huge one is slow, and refused past 4300 digits."""
    digits = int(math.log10(value)) + 1
    return digits - 1 if 10 ** (digits - 1) > value else digits  # log10 rounds 99...9 up


def _scalar(value: Any) -> str:
    """A value as YAML writes it: null, true, 12, .inf, 2026-11-01."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**LONGEST else f"(a {_digits(abs(value))}-digit number)"
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        return (".inf" if value > 0 else "-.inf") if math.isinf(value) else repr(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return "(binary)"
    return quote(str(value))


def kind(value: Any) -> str:
    """The value for a message, in YAML's terms: 'text', null, the number 12, a list."""
    if isinstance(value, str):
        return quote(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {_scalar(value)}"
    if isinstance(value, int) and abs(value) >= 10**LONGEST:
        return f"a {_digits(abs(value))}-digit number"
    if isinstance(value, (int, float)):
        return f"the number {_scalar(value)}"
    if isinstance(value, (date, datetime)):
        return f"the timestamp {_scalar(value)}"
    if isinstance(value, bytes):
        return "a binary value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (set, frozenset)):
        return "a set"
    return "a value of an unsupported kind"


@describe(lambda: {"type": "string", "pattern": r"\S"})
def text(f: Fields, name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return f.fail(name, f"expected text, got {kind(value)}")
    if not value.strip():
        return f.fail(name, "is empty")
    return value.strip()


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def matching(pattern: re.Pattern[str], what: str) -> Reader:
    """Text that `pattern` matches; `what` says what that is, for the error."""
    def read(f: Fields, name: str, value: Any) -> Any:
        value = text(f, name, value)
        if value is not INVALID and not pattern.match(value):
            return f.fail(name, f"{quote(value)} is not {what}")
        return value
    return describe(lambda: {"type": "string", "pattern": pattern.pattern})(read)


slug = matching(SLUG, "a slug: use lowercase letters, digits and hyphens")


_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@describe(lambda: {"type": "string", "pattern": _BCP47.pattern})
def language_tag(f: Fields, name: str, value: Any) -> Any:
    if not isinstance(value, str) or not _BCP47.match(value):
        return f.fail(name, f"{kind(value)} is not a BCP 47 language tag (such as en, de-CH)")
    return value


@describe(lambda: {"type": "boolean"})
def boolean(f: Fields, name: str, value: Any) -> Any:
    if not isinstance(value, bool):
        return f.fail(name, f"expected true or false, got {kind(value)}")
    return value


def whole_number(least: int, most: int) -> Reader:
    def read(f: Fields, name: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            return f.fail(name, f"expected a whole number from {least:,} to {most:,}, got {kind(value)}")
        return value
    return describe(lambda: {"type": "integer", "minimum": least, "maximum": most})(read)


def _decimal(value: float) -> str:
    """1,000,000 and 0.000001, never 1e-06."""
    return f"{value:,.12f}".rstrip("0").rstrip(".")


def number_between(least: float, most: float) -> Reader:
    """Bounds keep sums and products of amounts finite and printable (no .inf, no 400 digits)."""
    bounds = f"from {_decimal(least)} to {_decimal(most)}"

    def read(f: Fields, name: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not least <= value <= most:  # nan too
            return f.fail(name, f"expected a number {bounds}, got {kind(value)}")
        return value
    return describe(lambda: {"type": "number", "minimum": least, "maximum": most})(read)


@describe(lambda: {"type": "string", "pattern": _DATE.pattern, "format": "date"})
def iso_date(f: Fields, name: str, value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):  # tagged !!timestamp
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        return f.fail(name, f"expected a date as YYYY-MM-DD, got {kind(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        return f.fail(name, f"{quote(value)} is not a real date")


def one_of(*options: str) -> Reader:
    def read(f: Fields, name: str, value: Any) -> Any:
        if value not in options:
            return f.fail(name, f"{kind(value)} is not one of {', '.join(options)}")
        return value
    return describe(lambda: {"enum": list(options)})(read)


@describe(lambda: {"enum": sorted(_iso_codes()[0])})
def currency(f: Fields, name: str, value: Any) -> Any:
    if not isinstance(value, str) or value not in _iso_codes()[0]:
        return f.fail(name, f"{kind(value)} is not an ISO 4217 currency code (such as USD, EUR)")
    return value


@describe(lambda: {"enum": sorted(_iso_codes()[1])})
def country(f: Fields, name: str, value: Any) -> Any:
    if not isinstance(value, str) or value not in _iso_codes()[1]:
        return f.fail(name, f"{kind(value)} is not an ISO 3166 country code (such as US, DE)")
    return value


def url(*schemes: str) -> Reader:
    allowed = "http(s)" + (" or mailto:" if "mailto" in schemes else "")

    def read(f: Fields, name: str, value: Any) -> Any:
        if not isinstance(value, str):
            return f.fail(name, f"expected a URL, got {kind(value)}")
        value = value.strip()
        try:
            parts = urlsplit(value)
        except ValueError as exc:  # such as an unclosed IPv6 bracket: "https://[oops/"
            return f.fail(name, f"{quote(value)} is not a valid URL ({exc})")
        if parts.scheme.lower() not in schemes or re.search(r"[\s\x00-\x1f]", value):
            return f.fail(name, f"{quote(value)} must be an {allowed} URL")
        if parts.scheme.lower() in ("http", "https") and not parts.netloc:
            return f.fail(name, f"{quote(value)} has no host")
        if parts.scheme.lower() == "mailto" and "@" not in parts.path:
            return f.fail(name, f"{quote(value)} has no e-mail address")
        return value
    return describe(lambda: {"type": "string", "pattern": _url_pattern(schemes)})(read)


def _url_pattern(schemes: tuple[str, ...]) -> str:
    forms = [r"https?://[^/?#\s]+" if scheme == "http" else r"mailto:[^\s]*@" for scheme in schemes if scheme != "https"]
    return rf"^(?:{'|'.join(forms)})\S*$"


def list_of(item: Reader, single: bool = False) -> Reader:
    """A list of items; with `single`, one bare item is read as a list of one."""
    def read(f: Fields, name: str, value: Any) -> Any:
        if not isinstance(value, list):
            if single:
                value = [value]
            else:
                return f.fail(name, f"expected a list, got {kind(value)}")
        items = [item(f, f"{name}[{i}]", v) for i, v in enumerate(value)]
        return INVALID if INVALID in items else tuple(dict.fromkeys(items))

    def json_schema() -> dict[str, Any]:
        many = {"type": "array", "items": item.json_schema()}  # type: ignore[attr-defined]
        return {"anyOf": [item.json_schema(), many]} if single else many  # type: ignore[attr-defined]
    return describe(json_schema)(read)


def mapping_of(key: Reader, value: Reader) -> Reader:
    def read(f: Fields, name: str, data: Any) -> Any:
        if not isinstance(data, dict):
            return f.fail(name, f"expected a mapping, got {kind(data)}")
        names = [f.key_name(name, k) for k in data]
        pairs = [(key(f, n, k), value(f, n, v)) for n, (k, v) in zip(names, data.items())]
        return INVALID if any(INVALID in p for p in pairs) else tuple(sorted(pairs))
    return describe(lambda: {"type": "object", "propertyNames": key.json_schema(),  # type: ignore[attr-defined]
                             "additionalProperties": value.json_schema()})(read)  # type: ignore[attr-defined]


def mapping_json_schema(schema: dict[str, Field], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The JSON Schema of a mapping read by read_mapping with `schema` (plus `required` keys that
    a reader checks itself)."""
    return {"type": "object",
            "properties": {key: field.read.json_schema() for key, field in schema.items()},  # type: ignore[attr-defined]
            "required": [key for key, field in schema.items() if field.required or key in required],
            "additionalProperties": False}


_SHORTHAND = {1: ("country",), 2: ("city", "country"), 3: ("city", "region", "country")}
_LOCATION = {"city": Field(text), "region": Field(text), "country": Field(country, required=True)}


@describe(lambda: {"anyOf": [{"type": "string", "pattern": r"^(?:[^,]*\S[^,]*,){0,2}\s*[A-Z]{2}\s*$"},
                           mapping_json_schema(_LOCATION)]})
def location(f: Fields, name: str, value: Any) -> Any:
    """`{city, region, country}` or the shorthand "City, Region, CC"."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",")]
        if len(parts) > 3 or not all(parts):
            return f.fail(name, f"{quote(value)} is not 'City, Region, CC'")
        value = dict(zip(_SHORTHAND[len(parts)], parts))
    errors_before = len(f.errors)
    fields = read_mapping(f, name, value, _LOCATION)
    return Location(**fields) if len(f.errors) == errors_before else INVALID


PAY = number_between(0.01, 10**12)  # a year's pay times 8784 hours times a rate stays printable

_BAND = {
    "level": Field(text),
    "min": Field(PAY, required=True),
    "max": Field(PAY),  # required, with its own message below
    "currency": Field(currency, required=True),
    "period": Field(one_of(*PERIODS), required=True),
}


@describe(lambda: mapping_json_schema(_BAND, required=("max",)))
def band(f: Fields, name: str, value: Any) -> Any:
    errors_before = len(f.errors)
    fields = read_mapping(f, name, value, _BAND)
    if isinstance(value, dict) and value.get("max") is None:
        f.fail(f"{name}.max", "is required; open-ended ranges are not allowed (for a fixed pay, set max equal to min)")
    if len(f.errors) > errors_before:
        return INVALID
    if fields["max"] < fields["min"]:
        return f.fail(f"{name}.max", f"{_number(fields['max'])} is below min {_number(fields['min'])}")
    return Band(**fields)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
