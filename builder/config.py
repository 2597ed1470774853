"""Load and validate site.yml into a Config."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import BuildFailed, SourceError
from .fields import (Field, Fields, boolean, currency, describe, mapping_of, one_of, positive_int, positive_number,
                     read_mapping, text, url)
from .records import Config
from .source import read_yaml_file
from .walk import link_out_of_board

_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@describe(lambda: {"type": "string", "pattern": _BCP47.pattern})
def language(f: Fields, name: str, value: Any) -> Any:
    if not isinstance(value, str) or not _BCP47.match(value):
        return f.fail(name, f"'{value}' is not a BCP 47 language tag (such as en, de-CH)")
    return value


@describe(lambda: text.json_schema())  # type: ignore[attr-defined]
def output_folder(f: Fields, name: str, value: Any) -> Any:
    value = text(f, name, value)
    if isinstance(value, str) and value in (".", "content", "templates", "static"):
        return f.fail(name, f"'{value}' would overwrite the board's sources")
    return value


SCHEMA = {
    "title": Field(text, required=True),
    "description": Field(text),
    "base_url": Field(url("http", "https"), required=True),
    "language": Field(language),
    "currency": Field(currency),
    "exchange_rates": Field(mapping_of(currency, positive_number)),
    "hours_per_year": Field(positive_int),
    "expired": Field(one_of("mark", "hide")),
    "output": Field(output_folder),
    "allow_symlinks_outside": Field(boolean),
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
