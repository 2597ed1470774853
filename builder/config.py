"""Load and validate site.yml into a Config."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import BuildFailed, SourceError
from .fields import (INVALID, Field, Fields, boolean, currency, describe, kind, list_of, mapping_of, number_between,
                     one_of, quote, read_mapping, text, url, whole_number)
from .records import Config, SyncSource
from .salary import knows_language
from .source import read_yaml_file
from .walk import link_out_of_board

_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@describe(lambda: {"type": "string", "pattern": _BCP47.pattern})
def language(f: Fields, name: str, value: Any) -> Any:
    if not isinstance(value, str) or not _BCP47.match(value):
        return f.fail(name, f"{kind(value)} is not a BCP 47 language tag (such as en, de-CH)")
    if not knows_language(value):
        return f.fail(name, f"{kind(value)} is not a language jobboard can format numbers for (such as en, de-CH)")
    return value


@describe(lambda: text.json_schema())  # type: ignore[attr-defined]
def output_folder(f: Fields, name: str, value: Any) -> Any:
    value = text(f, name, value)
    if isinstance(value, str) and value in (".", "content", "templates", "static"):
        return f.fail(name, f"'{value}' would overwrite the board's sources")
    return value


SYNC_KINDS = ("greenhouse", "lever", "ashby", "jsonld")


@describe(lambda: {"type": "object", "minProperties": 1,
                   "properties": {**{kind: {"type": "string"} for kind in SYNC_KINDS},
                                  "company": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
                   "additionalProperties": False})
def sync_source(f: Fields, name: str, value: Any) -> Any:
    """{greenhouse: TOKEN} / {lever: SITE} / {ashby: NAME} / {jsonld: URL}, with an optional
    company slug and url (the feed's address, for a mirror or a test server)."""
    kinds = [kind for kind in SYNC_KINDS if isinstance(value, dict) and kind in value]
    if len(kinds) != 1:
        return f.fail(name, f"name exactly one of {', '.join(SYNC_KINDS)}")
    schema = {kinds[0]: Field(text, required=True), "company": Field(text), "url": Field(url("http", "https"))}
    values = read_mapping(f, name, value, schema)
    return SyncSource(kinds[0], values.pop(kinds[0]), **values) if kinds[0] in values else INVALID


@describe(lambda: url("http", "https").json_schema())  # type: ignore[attr-defined]
def base_url(f: Fields, name: str, value: Any) -> Any:
    """An http(s) URL that page paths can be appended to: no query string or fragment."""
    value = url("http", "https")(f, name, value)
    if isinstance(value, str) and ("?" in value or "#" in value):
        return f.fail(name, f"{quote(value)} must not have a query string (?) or fragment (#); "
                            "it is the start of every page's URL")
    return value


SCHEMA = {
    "title": Field(text, required=True),
    "description": Field(text),
    "base_url": Field(base_url, required=True),
    "language": Field(language),
    "currency": Field(currency),
    "exchange_rates": Field(mapping_of(currency, number_between(1e-9, 1e9))),
    "hours_per_year": Field(whole_number(1, 8784)),  # 24 hours a day in a leap year
    "expired": Field(one_of("mark", "hide")),
    "output": Field(output_folder),
    "allow_symlinks_outside": Field(boolean),
    "sync": Field(list_of(sync_source)),
    "company_feeds": Field(boolean),
}


def load_config(board: Path, base_url: str | None = None) -> Config:
    """site.yml of `board`, with `base_url` (from the command line) taking precedence."""
    path = board / "site.yml"
    # read before the setting that could allow links out of the board: never from outside it
    if outside := link_out_of_board(board, "site.yml", fix="copy it into the board"):
        raise BuildFailed([outside])
    if not path.is_file():
        raise BuildFailed([SourceError("site.yml", 1, "file", f"not found in {board}; is this a board folder?")])
    doc, errors = read_yaml_file(path.read_bytes(), "site.yml")
    if doc is None:
        raise BuildFailed(errors)
    data = dict(doc.data)
    if base_url is not None:
        data["base_url"] = base_url
    values = read_mapping(Fields(doc, errors), "", data, SCHEMA)
    if errors:
        raise BuildFailed(errors)
    values["base_url"] = values["base_url"].rstrip("/") + "/"
    return Config(**values)
