"""The posting and company files import writes: the contract's format, a `source` record saying
where the posting came from with a hash of what was written, and a comment naming each field
that needs a look. A file whose hash no longer matches was edited by someone: never rewritten.

Every value comes from an ad or a feed, so none is formatted into the file by hand: the YAML
emitter writes them, each on its one line, and comments are escaped the same way."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import yaml

from ..load.errors import one_line
from ..load.records import Band
from ..load.source import read_document
from .draft import Draft

_HASH_LINE = re.compile(r"^  hash: .*\n", re.MULTILINE)
_ORDER = ("level", "min", "max", "currency", "period")
# what would start a new line: YAML's line breaks and every other character Python's
# str.splitlines() splits at, which is how a board's files are read (source.read_document)
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class _Dumper(yaml.SafeDumper):
    """Dates as plain text (`2026-11-03`, as the board's files write them); text that holds a line
    break or a control character double-quoted with escapes, so it stays on its line."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style='"' if _BREAKS.search(value) else None))


def _dump(values: dict[str, Any]) -> str:
    return yaml.dump(values, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=float("inf")).rstrip("\n")


def posting_text(draft: Draft, kind: str, id: str, url: str) -> str:
    lines = ["---"]
    if draft.doubts or draft.notes:
        lines.append("# Imported by `jobboard import`. Check these fields" +
                     (", then remove `draft: true`:" if draft.is_draft else ":"))
        lines += [f"#   {one_line(name)}: {one_line(why)}" for name, why in draft.doubts + draft.notes]
    if draft.fields:
        lines.append(_dump({key: _value(key, value) for key, value in draft.fields.items()}))
    for name, why in draft.doubts:
        if name not in draft.fields and name in ("title", "company", "apply", "locations"):
            lines.append(f"# {name}:  # {one_line(why)}")
    if draft.is_draft:
        lines.append("draft: true")
    lines.append(_dump({"source": {"kind": kind, "id": id, **({"url": url} if url else {})}}))
    text = "\n".join(lines) + "\n---\n" + draft.body.strip() + "\n"
    return with_hash(text)


def _value(key: str, value: Any) -> Any:
    if isinstance(value, list) and value and isinstance(value[0], Band):
        return [{name: getattr(band, name) for name in _ORDER if getattr(band, name) != ""} for band in value]
    if isinstance(value, list) and len(value) == 1 and key == "employment_type":
        return value[0]
    return value


def company_text(draft: Draft) -> str:
    lines = ["---", "# Imported by `jobboard import`: check the website, add a logo and headquarters.",
             _dump({"name": draft.company_name, "website": draft.company_website}), "---"]
    return "\n".join(lines) + "\n" + (draft.company_about or f"About {draft.company_name}.\n")


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(_without_hash(text).encode("utf-8")).hexdigest()


def _split(text: str) -> tuple[str, str]:
    """(the front matter with its opening line, the rest from its closing line on)."""
    end = text.find("\n---\n", 4)
    return (text[:end + 1], text[end + 1:]) if end > 0 else (text, "")


def _without_hash(text: str) -> str:
    """The text without its `source.hash` line (which is in the front matter, never the body)."""
    front, rest = _split(text)
    return _HASH_LINE.sub("", front) + rest


def with_hash(text: str) -> str:
    """The text with its `source.hash` line set to the hash of everything else."""
    text = _without_hash(text)
    end = text.index("\n---\n", 4)
    return text[:end] + f"\n  hash: {content_hash(text)}" + text[end:]


def recorded_hash(text: str) -> str:
    m = re.search(r"^  hash: (\S+)$", _split(text)[0], re.MULTILINE)
    return m.group(1) if m else ""


def is_unedited(text: str) -> bool:
    """True for a file exactly as import last wrote it."""
    return bool(recorded_hash(text)) and recorded_hash(text) == content_hash(text)


def close(text: str, day: str) -> str:
    """The posting with `valid_through: day`, the rest as it was; re-hashed if import wrote it
    as it stands, so that a later sync may still update it."""
    unedited = is_unedited(text)
    front, rest = _split(text)
    if re.search(r"^valid_through:.*$", front, re.MULTILINE):
        front = re.sub(r"^valid_through:.*$", f"valid_through: {day}", front, count=1, flags=re.MULTILINE)
    else:
        front = re.sub(r"^(date_posted:.*)$", rf"\1\nvalid_through: {day}", front, count=1, flags=re.MULTILINE)
    return with_hash(front + rest) if unedited else front + rest


def front_value(text: str, key: str) -> str:
    """A text value of the posting's front matter, read as YAML; "" if it has none."""
    doc, _ = read_document(text.encode("utf-8"), "posting")
    value = doc.data.get(key) if doc else None
    return value if isinstance(value, str) else ""

