"""Read a source file: UTF-8 text, YAML front matter with the line of every key, and the body."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
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
    return parse_yaml(text, display, first_line=1, body="", part="file")


def read_yaml_list(raw: bytes, display: str, name: str) -> tuple[Document | None, list[SourceError]]:
    """A whole-file YAML list, such as import-skills.yml, as a Document whose one field `name` is
    the list: its items are `name[0]`, `name[1]`... in errors. An empty file is an empty list."""
    text, errors = decode(raw, display)
    if text is None:
        return None, errors
    return parse_yaml(text, display, first_line=1, body="", part="file", list_name=name)


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


def parse_yaml(text: str, display: str, first_line: int, body: str, part: str = "front matter",
               list_name: str = "") -> tuple[Document | None, list[SourceError]]:
    """`part` names the YAML in errors about it as a whole: "front matter", or "file". With
    `list_name`, the YAML is a list, the Document's field of that name (see read_yaml_list)."""
    loader = _Loader(text)
    index = _Index(display, first_line, part)
    try:
        _check_depth(text, index)  # before composing: libyaml's composer recurses without a limit
        node = loader.get_single_node()
        if node is not None:  # before the values are made: they would expand an alias bomb
            index.walk(node, list_name, first_line)
        data = _construct(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_error(exc, text, display, first_line)]
    except yaml.YAMLError as exc:
        return None, [SourceError(display, first_line, "yaml", str(exc).splitlines()[0])]
    except _SelfReference as cycle:
        return None, [SourceError(display, index.lines.get(cycle.name, first_line), cycle.name,
                                  "refers to itself (a YAML alias inside its own anchor)")]
    except _Refused as refused:
        return None, [refused.error]
    finally:
        loader.dispose()
    if list_name:
        if not isinstance(data, (list, type(None))):
            return None, [SourceError(display, first_line, part, "must be a list, one '- ' line per item")]
        data = {list_name: data or []}
    if not isinstance(data, dict):
        return None, [SourceError(display, first_line, part, "must be a mapping of field: value lines")]
    return Document(display, data, index.lines, body), index.errors


_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks, as PyYAML counts lines
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)*([^\s#'\"{\[][^:]*?):\s+(\S.*?)\s*$")  # key: value, maybe a list item


def syntax_error(exc: yaml.MarkedYAMLError, text: str, display: str, first_line: int) -> SourceError:
    """PyYAML's error, in words and on the line to fix for the mistakes people make most."""
    lines = _LINE_BREAK.split(text)
    mark = exc.problem_mark or exc.context_mark
    row = mark.line if mark else 0
    here = lines[row] if row < len(lines) else ""
    problem = exc.problem or exc.context or ""
    tab = "tab" in problem or "cannot start any token" in problem
    if tab and "\t" in here[: len(here) - len(here.lstrip())]:
        return SourceError(display, first_line + row, "yaml",
                           "indented with a tab, which YAML does not allow; indent with spaces")
    if exc.context == "while scanning a simple key" and exc.context_mark:  # PyYAML reports the next line
        row = exc.context_mark.line
        return SourceError(display, first_line + row, "yaml", _no_colon(lines[row]))
    if problem.startswith("mapping values are not allowed") and mark:
        pair = _KEY_VALUE.match(here)
        if pair and pair.end(1) < mark.column and pair.group(2)[0] not in "'\"":  # a second ': ' in the value
            key, value = pair.group(1).strip(), pair.group(2)
            return SourceError(display, first_line + row, key,
                               f"the value contains ': ', which YAML reads as a new field; put the value in "
                               f"quotes: {key}: {json.dumps(value, ensure_ascii=False)}")
        above = _content_line(lines, row)
        if above is not None and ":" not in lines[above]:  # the key before this one had no colon
            return SourceError(display, first_line + above, "yaml", _no_colon(lines[above]))
        return SourceError(display, first_line + row, "yaml",
                           "a ':' where no field can start; check this line's indentation, "
                           "or put a value that contains ': ' in quotes")
    first = next((i for i, line in enumerate(lines) if _is_content(line)), None)
    if "<document start>" in problem and first is not None and ":" not in lines[first]:
        return SourceError(display, first_line + first, "yaml", _no_colon(lines[first]))  # all one text
    return SourceError(display, first_line + row, "yaml", problem)


def _content_line(lines: list[str], before: int) -> int | None:
    """The last line before `before` that is neither blank nor a comment."""
    return next((i for i in range(before - 1, -1, -1) if _is_content(lines[i])), None)


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _no_colon(line: str) -> str:
    words = line.strip().removeprefix("- ").strip().split(None, 1)
    fixed = f"{words[0]}: {words[1]}" if len(words) == 2 else f"{line.strip()}: ..."
    return f"missing ':' after the field name; write it as '{fixed}'"


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


class _Refused(Exception):
    """A document too costly to read: its error."""

    def __init__(self, error: SourceError):
        self.error = error


# Front matter shares a salary band or a location with an alias now and then; nothing needs more.
# Past these, aliases are an alias bomb: a few lines that expand to billions of values.
MAX_ALIASES = 100
MAX_ALIAS_VALUES = 10_000  # values that all the aliases stand for, once expanded
MAX_DEPTH = 100  # lists and mappings inside each other: front matter needs 3 or 4


def _check_depth(text: str, index: _Index) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH, which would overflow the stack of the recursive
    code that reads it. A collection starts at a '[', '{', ':', '-' or '?', so a text with few of
    them is shallow enough; only others are parsed (as events, which takes no recursion) to see."""
    if sum(map(text.count, "[{:-?")) < MAX_DEPTH:
        return
    loader = _Loader(text)
    too_deep = f"has lists or mappings nested more than {MAX_DEPTH} levels deep"
    line = index.first_line  # of the last event read
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            line = index.first_line + event.start_mark.line
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    index.refuse(line, too_deep)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:  # newer libyaml stops deep nesting itself, while reading ahead
        if "nesting depth" not in str(exc):
            raise
        index.refuse(line, too_deep)
    finally:
        loader.dispose()


@dataclass
class _Index:
    """The line of every key, found in one walk over the YAML nodes that visits each node once:
    an alias is the same node again, counted with everything it stands for but never walked."""

    display: str
    first_line: int
    part: str
    lines: dict[str, int] = field(default_factory=dict)
    errors: list[SourceError] = field(default_factory=list)
    sizes: dict[int, int] = field(default_factory=dict)  # collection -> its values, aliases expanded
    inside: set[int] = field(default_factory=set)  # the collections being walked
    aliases: int = 0
    alias_values: int = 0

    def walk(self, node: yaml.Node, name: str, line: int) -> int:
        """The values in `node` with its aliases expanded; `name` is its field path, `line` the
        line of its key (of its sequence's key, for an item). Only aliases to collections are
        counted: an alias to a scalar stands for one value, as the scalar itself would."""
        if isinstance(node, yaml.ScalarNode):
            return 1
        if id(node) in self.inside:  # an alias to a collection it is in would never end
            raise _SelfReference(name)
        if id(node) in self.sizes:
            return self._alias(self.sizes[id(node)], line)
        self.inside.add(id(node))
        size = 1
        lines, first_line = self.lines, self.first_line
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{name}.{key.value}" if name else str(key.value)
                key_line = first_line + key.start_mark.line
                if child in lines:
                    self.errors.append(SourceError(self.display, key_line, child,
                                                   f"is given twice (also on line {lines[child]})"))
                else:
                    lines[child] = key_line
                size += self.walk(key, child, key_line) + self.walk(value, child, key_line)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = f"{name}[{i}]"
                lines[child] = first_line + item.start_mark.line
                size += self.walk(item, child, line)
        self.inside.discard(id(node))
        self.sizes[id(node)] = size
        return size

    def _alias(self, size: int, line: int) -> int:
        self.aliases += 1
        self.alias_values += size
        if self.aliases > MAX_ALIASES:
            self.refuse(line, f"has more than {MAX_ALIASES} YAML aliases (*name) to lists or mappings; "
                               "write the values out instead")
        if self.alias_values > MAX_ALIAS_VALUES:
            self.refuse(line, f"its YAML aliases (*name) stand for more than {MAX_ALIAS_VALUES} values; "
                               "write the values out instead")
        return size

    def refuse(self, line: int, message: str) -> None:
        raise _Refused(SourceError(self.display, line, self.part, message))
