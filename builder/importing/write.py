"""The posting and company files import writes: the contract's format, a `source` record saying
where the posting came from with a hash of what was written, and a comment naming each field
that needs a look. A file whose hash no longer matches was edited by someone: never rewritten."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ..load.records import Band
from .draft import Draft

_HASH_LINE = re.compile(r"^  hash: .*\n", re.MULTILINE)
_YAML_WORDS = {"no", "on", "yes", "off", "y", "n", "true", "false", "null"}
_ORDER = ("level", "min", "max", "currency", "period")


def posting_text(draft: Draft, kind: str, id: str, url: str) -> str:
    lines = ["---"]
    if draft.doubts or draft.notes:
        lines.append("# Imported by `jobboard import`. Check these fields" +
                     (", then remove `draft: true`:" if draft.is_draft else ":"))
        lines += [f"#   {name}: {why}" for name, why in draft.doubts + draft.notes]
    for key, value in draft.fields.items():
        lines += _yaml(key, value)
    for name, why in draft.doubts:
        if name not in draft.fields and name in ("title", "company", "apply", "locations"):
            lines.append(f"# {name}:  # {why}")
    if draft.is_draft:
        lines.append("draft: true")
    lines += ["source:", f"  kind: {kind}", f"  id: {_q(id)}"]
    if url:
        lines.append(f"  url: {_q(url)}")
    text = "\n".join(lines) + "\n---\n" + draft.body.strip() + "\n"
    return with_hash(text)


def company_text(draft: Draft) -> str:
    lines = ["---", "# Imported by `jobboard import`: check the website, add a logo and headquarters.",
             f"name: {_q(draft.company_name)}", f"website: {_q(draft.company_website)}", "---"]
    return "\n".join(lines) + "\n" + (draft.company_about or f"About {draft.company_name}.\n")


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(_without_hash(text).encode("utf-8")).hexdigest()


def _without_hash(text: str) -> str:
    """The text without its `source.hash` line (which is in the front matter, never the body)."""
    end = text.find("\n---\n", 4)
    return _HASH_LINE.sub("", text[:end + 1]) + text[end + 1:] if end > 0 else text


def with_hash(text: str) -> str:
    """The text with its `source.hash` line set to the hash of everything else."""
    text = _without_hash(text)
    end = text.index("\n---\n", 4)
    return text[:end] + f"\n  hash: {content_hash(text)}" + text[end:]


def recorded_hash(text: str) -> str:
    end = text.find("\n---\n", 4)
    m = re.search(r"^  hash: (\S+)$", text[:end + 1], re.MULTILINE)
    return m.group(1) if m else ""


def is_unedited(text: str) -> bool:
    """True for a file exactly as import last wrote it."""
    return bool(recorded_hash(text)) and recorded_hash(text) == content_hash(text)


def close(text: str, day: str) -> str:
    """The posting with `valid_through: day`, the rest as it was; re-hashed if import wrote it
    as it stands, so that a later sync may still update it."""
    unedited = is_unedited(text)
    if re.search(r"^valid_through:.*$", text, re.MULTILINE):
        text = re.sub(r"^valid_through:.*$", f"valid_through: {day}", text, count=1, flags=re.MULTILINE)
    else:
        text = re.sub(r"^(date_posted:.*)$", rf"\1\nvalid_through: {day}", text, count=1, flags=re.MULTILINE)
    return with_hash(text) if unedited else text


def _yaml(key: str, value: Any) -> list[str]:
    if isinstance(value, list) and value and isinstance(value[0], Band):
        lines = [f"{key}:"]
        for band in value:
            parts = [(name, getattr(band, name)) for name in _ORDER if getattr(band, name) != ""]
            lines += [("  - " if i == 0 else "    ") + f"{name}: {_scalar(v)}" for i, (name, v) in enumerate(parts)]
        return lines
    if isinstance(value, list):
        if len(value) == 1 and key == "employment_type":
            return [f"{key}: {value[0]}"]
        return [f"{key}:"] + [f"  - {_scalar(item)}" for item in value]
    return [f"{key}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if re.fullmatch(r"[A-Z_]+|\d{4}-\d{2}-\d{2}|onsite|hybrid|remote|[a-z0-9]+(?:-[a-z0-9]+)*", str(value)) and str(value).lower() not in _YAML_WORDS:
        return str(value)
    return _q(str(value))


def _q(text: str) -> str:
    """A double-quoted YAML scalar: JSON's string syntax is valid YAML."""
    return json.dumps(text, ensure_ascii=False)
