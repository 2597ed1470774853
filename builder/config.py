"""Load and validate site.yml into a Config."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from .errors import BuildFailed, SourceError
from .fields import (INVALID, Field, Fields, Reader, currency, list_of, mapping_of, one_of, positive_int, positive_number,
                     read_mapping, text, url)
from .records import Config
from .source import read_yaml_file

_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def language(f: Fields, name: str, value: Any) -> Any:
    if not isinstance(value, str) or not _BCP47.match(value):
        return f.fail(name, f"'{value}' is not a BCP 47 language tag (such as en, de-CH)")
    return value


def output_folder(f: Fields, name: str, value: Any) -> Any:
    value = text(f, name, value)
    if isinstance(value, str) and value in (".", "content", "templates", "static"):
        return f.fail(name, f"'{value}' would overwrite the board's sources")
    return value


_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def color(f: Fields, name: str, value: Any) -> Any:
    if not isinstance(value, str) or not _COLOR.match(value.strip()):
        return f.fail(name, f"'{value}' is not a colour written as #rrggbb (such as #1f5fbf)")
    return value.strip().lower()


def static_file(*suffixes: str) -> Callable[[Path], Reader]:
    """A URL, or a path under the board's static/ folder that must be there (with one of
    `suffixes`, when given)."""
    def for_board(board: Path) -> Reader:
        def read(f: Fields, name: str, value: Any) -> Any:
            value = text(f, name, value)
            if value is INVALID or "://" in value:
                return value if value is INVALID else url("http", "https")(f, name, value)
            path = value.lstrip("/")
            if suffixes and not path.lower().endswith(suffixes):
                return f.fail(name, f"'{value}' must be a {' or '.join(suffixes)} file")
            if not (board / "static" / path).is_file():
                return f.fail(name, f"static/{path} does not exist; put the file there or give a URL")
            return path
        return read
    return for_board


def link_target(f: Fields, name: str, value: Any) -> Any:
    """An http(s) or mailto: URL, or a path under the site root (kept relative, so the site
    works at any base_url)."""
    value = text(f, name, value)
    if value is INVALID or not urlsplit(value).scheme:
        return value if value is INVALID else value.lstrip("/")
    return url("http", "https", "mailto")(f, name, value)


_LINK = {"label": Field(text, required=True), "url": Field(link_target, required=True)}


def link(f: Fields, name: str, value: Any) -> Any:
    """`{label, url}`, as a (label, url) pair."""
    before = len(f.errors)
    values = read_mapping(f, name, value, _LINK)
    return INVALID if len(f.errors) > before else (values["label"], values["url"])


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
    "accent_color": Field(color),
    "header_links": Field(list_of(link)),
    "footer_links": Field(list_of(link)),
}
# read against the board's static/ folder
FILES = {"logo": static_file(), "favicon": static_file(".svg", ".png", ".ico"), "extra_css": static_file(".css")}


def load_config(board: Path, base_url: str | None = None) -> Config:
    """site.yml of `board`, with `base_url` (from the command line) taking precedence."""
    path = board / "site.yml"
    if not path.is_file():
        raise BuildFailed([SourceError("site.yml", 1, "file", f"not found in {board}; is this a board folder?")])
    doc, errors = read_yaml_file(path.read_bytes(), "site.yml")
    if doc is None:
        raise BuildFailed(errors)
    data = dict(doc.data)
    if base_url is not None:
        data["base_url"] = base_url
    schema = {**SCHEMA, **{name: Field(reader(board)) for name, reader in FILES.items()}}
    values = read_mapping(Fields(doc, errors), "", data, schema)
    if errors:
        raise BuildFailed(errors)
    values["base_url"] = values["base_url"].rstrip("/") + "/"
    return Config(**values)
