"""Read a source file: UTF-8 text, YAML front matter with the line of every key, and the body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import SourceError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """YAML 1.2-like scalars: dates stay text (we check them ourselves, with a clean
    error for impossible ones) and only true/false are booleans, so `country: NO`
    stays Norway."""


_DROPPED = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_SCALARS = {"int": "a whole number", "float": "a number", "bool": "true or false", "timestamp": "a date"}


def _checked(tag: str, construct: Any) -> Any:
    """PyYAML's scalar constructor for `tag`, raising a YAML error at the value's line where
    PyYAML's raises a plain one: a tagged value it cannot read (`!!int abc`, `!!bool maybe`),
    an integer of more than 4300 digits."""
    def read(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, AttributeError, KeyError):
            shown = node.value if len(node.value) <= 40 else node.value[:39] + "…"
            raise yaml.constructor.ConstructorError(
                None, None, f"'{shown}' cannot be read as {_SCALARS[tag]}", node.start_mark) from None
    return read


for _tag in _SCALARS:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}",
                            _checked(_tag, yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]))

MAX_DEPTH = 100  # collections inside collections; front matter needs three or four levels


def _check_depth(text: str) -> None:
    """Refuse collections nested deeper than MAX_DEPTH: composing recurses once per level, so a
    few hundred levels end in RecursionError, and tens of thousands crash libyaml's composer."""
    if sum(text.count(c) for c in "-:?[{") <= MAX_DEPTH:  # each level starts with one of these
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(problem=f"nested more than {MAX_DEPTH} levels deep",
                                           problem_mark=event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


@dataclass(frozen=True)
class Document:
    """One parsed source file. `lines` maps a field path such as `salary[1].max`
    to the 1-based line of its key in the file."""

    path: str
    data: dict[str, Any]
    lines: dict[str, int]
    body: str


def decode(raw: bytes, display: str) -> tuple[str | None, list[SourceError]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        return None, [SourceError(display, line, "encoding", f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8")]
    return text.removeprefix("\ufeff"), []


def read_yaml_file(raw: bytes, display: str) -> tuple[Document | None, list[SourceError]]:
    """A whole-file YAML mapping, such as site.yml."""
    text, errors = decode(raw, display)
    if text is None:
        return None, errors
    if not text.strip():
        return None, [SourceError(display, 1, "file", "is empty")]
    return parse_yaml(text, display, first_line=1, body="")


def read_document(raw: bytes, display: str) -> tuple[Document | None, list[SourceError]]:
    """A markdown file with YAML front matter between `---` lines."""
    text, errors = decode(raw, display)
    if text is None:
        return None, errors
    if not text.strip():
        return None, [SourceError(display, 1, "file", "is empty; it needs front matter between '---' lines and a body")]
    lines = text.splitlines(keepends=True)
    if lines[0].rstrip() != "---":
        return None, [SourceError(display, 1, "front matter", "missing; the file must start with a '---' line")]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None, [SourceError(display, 1, "front matter", "has no closing '---' line")]
    front = "".join(lines[1:end])
    if not front.strip():
        return None, [SourceError(display, 1, "front matter", "is empty")]
    return parse_yaml(front, display, first_line=2, body="".join(lines[end + 1 :]))


def parse_yaml(text: str, display: str, first_line: int, body: str) -> tuple[Document | None, list[SourceError]]:
    loader = _Loader(text)
    try:
        _check_depth(text)
        node = loader.get_single_node()
        data = _construct(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        return None, [SourceError(display, line, "yaml", f"{exc.problem or exc.context}")]
    except yaml.YAMLError as exc:
        return None, [SourceError(display, first_line, "yaml", str(exc).splitlines()[0])]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return None, [SourceError(display, first_line, "front matter", "must be a mapping of field: value lines")]
    lines: dict[str, int] = {}
    errors: list[SourceError] = []
    try:
        _index_lines(node, "", first_line, lines, errors, display, frozenset())
    except _SelfReference as cycle:
        return None, [SourceError(display, lines.get(cycle.name, first_line), cycle.name,
                                  "refers to itself (a YAML alias inside its own anchor)")]
    return Document(display, data, lines, body), errors


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))


class _Unusual(Exception):
    """A node that _plain leaves to PyYAML's constructor."""


def _construct(loader: Any, node: yaml.Node) -> Any:
    """The document's value, as loader.construct_document(node) makes it. Front matter is
    strings, lists and mappings, which _plain builds directly; PyYAML's constructor takes a
    generator and several calls per node (a third of the time spent on the YAML). Documents
    with aliases or merge keys are left to it whole, other scalars (numbers, booleans) one by one."""
    try:
        return _plain(loader, node, set())
    except _Unusual:
        return loader.construct_document(node)


def _plain(loader: Any, node: yaml.Node, seen: set[int]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR else loader.construct_object(node)
    if id(node) in seen:  # an alias: the same node again, perhaps inside itself
        raise _Unusual
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_plain(loader, item, seen) for item in node.value]
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        mapping = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                raise _Unusual  # unhashable or merge keys: PyYAML's own errors and rules
            mapping[_plain(loader, key, seen)] = _plain(loader, value, seen)
        return mapping
    raise _Unusual


class _SelfReference(Exception):
    def __init__(self, name: str):
        self.name = name


def _index_lines(node: yaml.Node, prefix: str, first_line: int, lines: dict[str, int],
                 errors: list[SourceError], display: str, inside: frozenset[int]) -> None:
    """`inside`: the collections this node is in. An alias to one of them would never end."""
    if id(node) in inside:
        raise _SelfReference(prefix)
    if isinstance(node, yaml.MappingNode):
        inside |= {id(node)}
        for key, value in node.value:
            name = f"{prefix}.{key.value}" if prefix else str(key.value)
            line = first_line + key.start_mark.line
            if name in lines:
                errors.append(SourceError(display, line, name, f"is given twice (also on line {lines[name]})"))
            lines.setdefault(name, line)
            _index_lines(value, name, first_line, lines, errors, display, inside)
    elif isinstance(node, yaml.SequenceNode):
        inside |= {id(node)}
        for i, item in enumerate(node.value):
            name = f"{prefix}[{i}]"
            lines[name] = first_line + item.start_mark.line
            _index_lines(item, name, first_line, lines, errors, display, inside)
