"""Load companies and postings from content/, validated into records, every error collected."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..search.snippets import sentence_file
from ..search.tokens import distinct_terms
from . import markdown
from .errors import BuildFailed, SourceError
from .fields import (INVALID, SLUG, Field, Fields, band, boolean, country, describe, iso_date, language_tag, list_of,
                     location, mapping_json_schema, one_of, read_mapping, text, url)
from .records import EMPLOYMENT_TYPES, REMOTE_MODES, Company, Posting
from .source import read_document
from .walk import board_files, outside_static, static_path

EXCERPT = 160  # enough for a 150-character description cut at a word

COMPANY_SCHEMA = {
    "name": Field(text, required=True),
    "website": Field(url("http", "https"), required=True),
    "logo": Field(text),
    "headquarters": Field(location),
    "same_as": Field(list_of(url("http", "https"))),
}

_SOURCE = {"kind": Field(text, required=True), "id": Field(text), "url": Field(text), "hash": Field(text)}


@describe(lambda: mapping_json_schema(_SOURCE))
def source_record(f: Fields, name: str, value: Any) -> Any:
    """Where `jobboard import` got the posting: kind, id, URL, and the hash of what it wrote."""
    errors_before = len(f.errors)
    values = read_mapping(f, name, value, _SOURCE)
    return values if len(f.errors) == errors_before else INVALID


POSTING_SCHEMA = {
    "title": Field(text, required=True),
    "company": Field(text, required=True),
    "date_posted": Field(iso_date, required=True),
    "valid_through": Field(iso_date),
    "employment_type": Field(list_of(one_of(*EMPLOYMENT_TYPES), single=True)),
    "locations": Field(list_of(location)),
    "remote": Field(one_of(*REMOTE_MODES)),
    "remote_eligible": Field(list_of(country)),
    "salary": Field(list_of(band)),
    "salary_text": Field(text),
    "benefits": Field(text),
    "skills": Field(list_of(text)),
    "tags": Field(list_of(text)),
    "language": Field(language_tag),
    "apply": Field(url("http", "https", "mailto"), required=True),
    "draft": Field(boolean),
    "source": Field(source_record),
}


def _slug(path: str, errors: list[SourceError]) -> str | None:
    stem = Path(path).stem
    if not SLUG.match(stem):
        errors.append(SourceError(path, 1, "slug", f"file name '{stem}' must be lowercase letters, digits and hyphens (it becomes the URL)"))
        return None
    return stem


def parse_company(raw: bytes, path: str) -> tuple[Company | None, list[SourceError]]:
    doc, errors = read_document(raw, path)
    slug = _slug(path, errors)
    if doc is None:
        return None, errors
    values = read_mapping(Fields(doc, errors), "", doc.data, COMPANY_SCHEMA)
    if errors or slug is None:
        return None, errors
    body_html, _ = markdown.render(doc.body)
    return Company(slug=slug, path=path, body_html=body_html, **values), errors


def parse_posting(raw: bytes, path: str) -> tuple[Posting | None, list[SourceError], tuple[str, int] | None]:
    """The posting, its errors, and its company reference with that key's line, which is
    checked once every company is known (even when the posting has other errors)."""
    doc, errors = read_document(raw, path)
    slug = _slug(path, errors)
    if doc is None:
        return None, errors, None
    f = Fields(doc, errors)
    values = read_mapping(f, "", doc.data, POSTING_SCHEMA)
    _check_posting(f, doc.data, values)
    values.pop("source", None)  # for `jobboard import` alone; the site does not show it
    company_ref = (values["company"], f.line("company")) if "company" in values else None
    if errors or slug is None:
        return None, errors, company_ref
    body_html, body_text = markdown.render(doc.body)
    return Posting(slug=slug, path=path, body_html=body_html, excerpt=body_text[:EXCERPT],
                   body_terms=distinct_terms(body_text), sentences=sentence_file(body_html), **values), errors, company_ref


def _check_posting(f: Fields, data: dict[str, Any], values: dict[str, Any]) -> None:
    if values.get("remote", "onsite") != "remote" and not data.get("locations"):
        f.fail("locations", "is required unless remote is 'remote'")
    if "valid_through" in values and "date_posted" in values and values["valid_through"] < values["date_posted"]:
        f.fail("valid_through", f"{values['valid_through']} is before date_posted {values['date_posted']}")
    if not f.doc.body.strip():
        f.fail("body", "is empty; describe the job below the front matter")


def content_files(board: Path, folder: str, allow_outside: bool = False
                  ) -> tuple[list[tuple[str, str]], list[SourceError]]:
    """(display path, file) of every .md under content/<folder>, sorted for deterministic output,
    and the errors of its listing (see walk.board_files). The files as strings, not Paths: there
    is one per posting."""
    names, errors = board_files(board, f"content/{folder}", allow_outside)
    root = f"{board}/content/{folder}"
    files = []
    for name in names:
        display = f"content/{folder}/{name}"
        if not name.lower().endswith(".md"):
            continue
        if not _utf8(name):  # a name that is not UTF-8 on disk: Python keeps its bytes as lone surrogates
            errors.append(SourceError(display, 1, "file name", "is not valid UTF-8; rename the file"))
        elif name.endswith(".md"):
            files.append((display, f"{root}/{name}"))
        else:  # would be left out without a word
            errors.append(SourceError(display, 1, "file", "has an upper-case extension and is not read; "
                                                          f"rename it to {Path(name).stem}.md"))
    return sorted(files), errors


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


Parser = Callable[[bytes, str], Any]  # parse_company or parse_posting: (raw, display path) -> result
Source = tuple[Parser, str, str]  # a content file: its parser, display path and file


def source_files(board: Path, allow_outside: bool = False) -> list[Source]:
    """Every content file with its parser: the companies, then the postings. Raises BuildFailed
    for files that cannot be read as content (see content_files)."""
    companies, errors = content_files(board, "companies", allow_outside)
    postings, more = content_files(board, "jobs", allow_outside)
    if errors or more:
        raise BuildFailed(errors + more)
    return [(parse_company, *file) for file in companies] + [(parse_posting, *file) for file in postings]


def load_content(board: Path, files: list[Source], results: list[Any]) -> tuple[dict[str, Company], list[Posting]]:
    """Every company and posting of the board, from its source_files and their parse results
    (each parser(raw, display)); raises BuildFailed with all problems found."""
    errors: list[SourceError] = []
    count = sum(parser is parse_company for parser, _, _ in files)
    companies = _unique(results[:count], errors)
    parsed = results[count:]
    postings = _unique([(posting, problems) for posting, problems, _ in parsed], errors)
    known = {Path(display).stem for _, display, _ in files[:count]}
    for (_, display, _), (_, _, ref) in zip(files[count:], parsed):
        if ref and ref[0] not in known:
            errors.append(SourceError(display, ref[1], "company", f"'{ref[0]}' is not a company; add content/companies/{ref[0]}.md"))
    errors += missing_logos(board, companies.values())
    if errors:
        raise BuildFailed(errors)
    return companies, list(postings.values())


def missing_logos(board: Path, companies: Any) -> list[SourceError]:
    """A company's `logo` is a URL or a path under the board's static/ folder, which must be there
    (a page would show a broken image). URLs are not fetched."""
    errors = []
    for company in companies:
        logo = company.logo
        if not logo:
            continue
        scheme = logo.split("://", 1)[0].lower() if "://" in logo else ""
        path = static_path(logo)
        if scheme in ("http", "https") or (not scheme and path is not None and (board / "static" / path).is_file()):
            continue
        doc, _ = read_document((board / company.path).read_bytes(), company.path)
        line = doc.lines.get("logo", 1) if doc else 1
        problem = (f"'{logo}' must be an http(s) URL or a path under static/" if scheme or ":" in logo
                   else outside_static(logo) if path is None
                   else f"static/{path} does not exist; add the file or give the logo's URL")
        errors.append(SourceError(company.path, line, "logo", problem))
    return errors


def _unique(parsed: list[tuple[Any, list[SourceError]]], errors: list[SourceError]) -> dict[str, Any]:
    """Records by slug; a slug used twice is an error on the later file."""
    records: dict[str, Any] = {}
    for record, problems in parsed:
        errors += problems
        if record is None:
            continue
        if record.slug in records:
            errors.append(SourceError(record.path, 1, "slug", f"'{record.slug}' is also the slug of {records[record.slug].path}; rename one file"))
        else:
            records[record.slug] = record
    return records
