"""Load and validate site.yml into a Config."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from . import i18n
from .errors import BuildFailed, SourceError
from .fields import (INVALID, Field, Fields, Reader, boolean, currency, describe, kind, language_tag, list_of,
                     mapping_json_schema, mapping_of, matching, number_between, one_of, quote, read_mapping, slug, text,
                     url, whole_number)
from .records import Config, SyncSource
from .source import read_yaml_file
from .walk import link_out_of_board, outside_static, static_path

@describe(language_tag.json_schema)
def language(f: Fields, name: str, value: Any) -> Any:
    if language_tag(f, name, value) is INVALID:
        return INVALID
    if not i18n.knows_language(value):
        return f.fail(name, f"{kind(value)} is not a language jobboard can format numbers for (such as en, de-CH)")
    return value


@describe(lambda: {"type": "object", "additionalProperties": {"type": "string"}})
def ui_strings(f: Fields, name: str, value: Any) -> Any:
    """The board's own wording of the theme's strings: {English msgid: text}. The text keeps the
    msgid's %(name)s placeholders (it may leave some out, not add others); %% is a percent sign."""
    if not isinstance(value, dict):
        return f.fail(name, f"expected a mapping of the theme's English strings to the board's own, got {kind(value)}")
    known = i18n.messages()
    pairs = []
    for key, text_value in value.items():
        key_name = f.key_name(name, key)
        wording = text(f, key_name, text_value)
        if not isinstance(key, str) or key not in known:
            f.fail(key_name, f"{quote(str(key))} is not one of the theme's strings; they are the msgids "
                             "in builder/load/locale/en/LC_MESSAGES/messages.po")
        elif wording is INVALID:
            continue
        elif problem := _wording_problem(wording, known[key]):
            f.fail(key_name, problem)
        else:
            pairs.append((key, wording))
    return tuple(sorted(pairs))


_FORMAT = re.compile(r"%(?:\([^)]*\)[^\sa-zA-Z%]*[a-zA-Z]?|[-#0+\d*.]*[a-zA-Z]?)")  # as much as % would read


def _wording_problem(wording: str, allowed: set[str]) -> str | None:
    """Why a board's wording cannot replace a string whose placeholders are `allowed`, or None."""
    if (at := i18n.stray_percent(wording)) is not None:
        example = min(allowed, default="name")
        return (f"{quote(wording)} has {quote(_FORMAT.match(wording, at).group())}, which is not a placeholder; "
                f"write a placeholder as %({example})s and a percent sign as %%")
    if extra := i18n.placeholders(wording) - allowed:
        return f"{quote(wording)} names {', '.join(f'%({p})s' for p in sorted(extra))}, which the theme does not fill here"
    return None


@describe(lambda: text.json_schema())  # type: ignore[attr-defined]
def output_folder(f: Fields, name: str, value: Any) -> Any:
    value = text(f, name, value)
    if isinstance(value, str) and value in (".", "content", "templates", "static"):
        return f.fail(name, f"'{value}' would overwrite the board's sources")
    return value


SYNC_KINDS = ("greenhouse", "lever", "ashby", "jsonld")
# an ATS's board token, site or board name: it goes into the feed's URL and each posting's id
_FEED_NAME = matching(re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$"), "a feed name: letters, digits, '.', '_' and '-'")
_SYNC_FIELDS = {**{kind: Field(_FEED_NAME, required=True) for kind in SYNC_KINDS[:-1]},
                "jsonld": Field(url("http", "https"), required=True), "company": Field(slug),
                "url": Field(url("http", "https"))}


@describe(lambda: {"type": "object", "minProperties": 1,
                   "properties": {name: field.read.json_schema() for name, field in _SYNC_FIELDS.items()},
                   "additionalProperties": False})
def sync_source(f: Fields, name: str, value: Any) -> Any:
    """{greenhouse: TOKEN} / {lever: SITE} / {ashby: NAME} / {jsonld: URL}, with an optional
    company slug (where the postings are written: checked, as it becomes a file name) and url
    (the feed's address, for a mirror or a test server)."""
    kinds = [kind for kind in SYNC_KINDS if isinstance(value, dict) and kind in value]
    if len(kinds) != 1:
        return f.fail(name, f"name exactly one of {', '.join(SYNC_KINDS)}")
    schema = {key: field for key, field in _SYNC_FIELDS.items() if key in (kinds[0], "company", "url")}
    before = len(f.errors)
    values = read_mapping(f, name, value, schema)
    return SyncSource(kinds[0], values.pop(kinds[0]), **values) if len(f.errors) == before else INVALID


@describe(lambda: url("http", "https").json_schema())  # type: ignore[attr-defined]
def base_url(f: Fields, name: str, value: Any) -> Any:
    """An http(s) URL that page paths can be appended to: no query string or fragment."""
    value = url("http", "https")(f, name, value)
    if isinstance(value, str) and ("?" in value or "#" in value):
        return f.fail(name, f"{quote(value)} must not have a query string (?) or fragment (#); "
                            "it is the start of every page's URL")
    return value


_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@describe(lambda: {"type": "string", "pattern": _COLOR.pattern})
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
            path = static_path(value)
            if path is None:
                return f.fail(name, outside_static(value))
            if suffixes and not path.lower().endswith(suffixes):
                return f.fail(name, f"'{value}' must be a {' or '.join(suffixes)} file")
            if not (board / "static" / path).is_file():
                return f.fail(name, f"static/{path} does not exist; put the file there or give a URL")
            return path
        return describe(lambda: {"type": "string", "pattern": r"\S"})(read)
    return for_board


@describe(lambda: {"type": "string", "pattern": r"\S"})
def link_target(f: Fields, name: str, value: Any) -> Any:
    """An http(s) or mailto: URL, or a path under the site root (kept relative, so the site
    works at any base_url)."""
    value = text(f, name, value)
    if value is INVALID or not urlsplit(value).scheme:
        return value if value is INVALID else value.lstrip("/")
    return url("http", "https", "mailto")(f, name, value)


_LINK = {"label": Field(text, required=True), "url": Field(link_target, required=True)}


@describe(lambda: mapping_json_schema(_LINK))
def link(f: Fields, name: str, value: Any) -> Any:
    """`{label, url}`, as a (label, url) pair."""
    before = len(f.errors)
    values = read_mapping(f, name, value, _LINK)
    return INVALID if len(f.errors) > before else (values["label"], values["url"])


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
    "search_snippets": Field(boolean),
    "accent_color": Field(color),
    "header_links": Field(list_of(link)),
    "footer_links": Field(list_of(link)),
    "strings": Field(ui_strings),
}
# read against the board's static/ folder
FILES = {"logo": static_file(), "favicon": static_file(".svg", ".png", ".ico"), "extra_css": static_file(".css")}


def site_schema(board: Path) -> dict[str, Field]:
    """Every setting of site.yml, the theme's files read against `board`."""
    return {**SCHEMA, **{name: Field(reader(board)) for name, reader in FILES.items()}}


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
    fields = Fields(doc, errors)
    values = read_mapping(fields, "", data, site_schema(board))
    if errors:
        raise BuildFailed(errors)
    values["language_line"] = fields.line("language")
    values["base_url"] = values["base_url"].rstrip("/") + "/"
    return Config(**values)
