"""The build cache's file format: data, never code.

A cache file is a header naming the format and the cache version, then one msgpack value. Only
plain values (None, bool, int, float, str, bytes, arrays, maps with str keys), dates and a fixed
set of our own record types can come out of it: each record is a msgpack extension whose code
names its class in the Codec's registry, holding the values of its fields in order. Every value
is checked against the type hint it should have (a record's against its fields' hints) before
it is used; anything else (another version, an unknown code, a missing field, a wrong type)
makes the whole file unusable, and the build makes it again. Decoding calls no function the
file names: records are made with object.__new__ and their fields set from the checked values.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from typing import Any, Callable

import msgpack

MAGIC = b"jobboard cache 1\n"
DATE = 0  # extension code of a date; records take 1, 2, ... in registry order


class Invalid(ValueError):
    """A cache file or value that is not exactly what this version writes."""


Check = Callable[[Any], Any]  # the value as the record holds it (a list for list[...]), or raises Invalid


class Codec:
    """Encodes values made of plain data, dates and the registered record classes (frozen
    dataclasses without __slots__, whose fields' hints are ones `checker` knows)."""

    def __init__(self, records: tuple[type, ...]):
        self.codes = {cls: code for code, cls in enumerate(records, start=DATE + 1)}
        self.classes = dict(enumerate(records, start=DATE + 1))
        self._checkers: dict[Any, Check] = {}
        self._fields = {cls: self._record_fields(cls) for cls in records}

    def _record_fields(self, cls: type) -> RecordFields:
        hints = typing.get_type_hints(cls)
        names = tuple(f.name for f in dataclasses.fields(cls))
        deep = tuple((i, self.checker(hints[name])) for i, name in enumerate(names)
                     if self._flat(hints[name]) is None)
        return RecordFields(names, tuple(self._shallow(hints[name]) for name in names), deep)

    # --- writing ---------------------------------------------------------------------------

    def dumps(self, version: str, value: Any) -> bytes:
        return MAGIC + version.encode() + b"\n" + self._pack(value)

    def _pack(self, value: Any) -> bytes:
        return msgpack.packb(value, default=self._extension, use_bin_type=True)

    def _extension(self, value: Any) -> msgpack.ExtType:
        if type(value) is date:
            return msgpack.ExtType(DATE, value.toordinal().to_bytes(4, "big"))
        code = self.codes.get(type(value))
        if code is None:
            raise TypeError(f"the build cache cannot hold a {type(value).__name__}")
        return msgpack.ExtType(code, self._pack([getattr(value, name) for name in self._fields[type(value)].names]))

    # --- reading ---------------------------------------------------------------------------

    def loads(self, version: str, data: bytes, hint: Any) -> Any:
        """The value in `data`, checked against `hint`; raises Invalid (or an error of msgpack's
        on damaged data) unless it is of this version and exactly of that type."""
        header = MAGIC + version.encode() + b"\n"
        if not data.startswith(header):
            raise Invalid("another format or version")
        return self.checker(hint)(self._unpack(memoryview(data)[len(header):]))

    def _unpack(self, data: bytes | memoryview) -> Any:
        # arrays come back as tuples, as records hold them; a list[...] hint turns them into lists
        return msgpack.unpackb(data, ext_hook=self._record, use_list=False, raw=False)

    def _record(self, code: int, data: bytes) -> Any:
        if code == DATE:
            if len(data) != 4:
                raise Invalid("a date of the wrong size")
            return date.fromordinal(int.from_bytes(data, "big"))
        cls = self.classes.get(code)
        if cls is None:
            raise Invalid(f"unknown record code {code}")
        fields = self._fields[cls]
        values = self._unpack(data)
        # the type of every field at once (in C: a posting has two dozen), then inside the
        # fields that hold arrays or maps
        if (type(values) is not tuple or len(values) != len(fields.names)
                or not all(map(frozenset.__contains__, fields.shallow, map(type, values)))):
            raise Invalid(f"a {cls.__name__} whose fields are not {fields.names}")
        if fields.deep:
            values = list(values)
            for i, check in fields.deep:
                values[i] = check(values[i])
        record = object.__new__(cls)
        # the fields set as the dataclass's own __init__ would (frozen: not by setattr)
        record.__dict__.update(zip(fields.names, values))
        return record

    # --- checking --------------------------------------------------------------------------

    def checker(self, hint: Any) -> Check:
        """A check for values of the type `hint`: str, bytes, bool, int, float, None, date, a
        registered record class, X | Y, tuple[X, ...], tuple[X, Y], list[X], dict[K, V]."""
        if hint not in self._checkers:
            self._checkers[hint] = self._make_checker(hint)
        return self._checkers[hint]

    def _make_checker(self, hint: Any) -> Check:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        flat = self._flat(hint)
        if flat is not None:
            return _one_of(flat)
        if origin in (typing.Union, types.UnionType):
            return _either(tuple(self.checker(arg) for arg in args))
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            item = self._flat(args[0])
            return _tuple_of_flat(item) if item is not None else _tuple_of(self.checker(args[0]))
        if origin is tuple:
            return _tuple(tuple(self.checker(arg) for arg in args))
        if origin is list:
            item = self._flat(args[0])
            return _list_of_flat(item) if item is not None else _list_of(self.checker(args[0]))
        if origin is dict:
            key, item = self._flat(args[0]), self._flat(args[1])
            if key is None:
                raise TypeError(f"the build cache cannot check keys of {hint!r}")
            return _dict_of_flat(key, item) if item is not None else _dict_of(key, self.checker(args[1]))
        raise TypeError(f"the build cache cannot check {hint!r}")

    def _flat(self, hint: Any) -> frozenset[type] | None:
        """The exact types a value of `hint` may have, if it holds no arrays or maps (a record's
        fields are checked when it is made); else None."""
        if hint is None or hint is type(None):
            return frozenset({type(None)})
        if hint is float:  # an int is a float where a float is wanted (an amount of 50000)
            return frozenset({int, float})
        if hint in (str, bytes, bool, int, date):
            return frozenset({hint})
        if hint in self.codes:  # and its registered subclasses: a SourceWarning is a SourceError
            return frozenset(cls for cls in self.codes if issubclass(cls, hint))
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            alternatives = [self._flat(arg) for arg in typing.get_args(hint)]
            return None if None in alternatives else frozenset().union(*alternatives)
        return None

    def _shallow(self, hint: Any) -> frozenset[type]:
        """The exact types a value of `hint` may have, not looking inside arrays and maps."""
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            return frozenset().union(*(self._shallow(arg) for arg in typing.get_args(hint)))
        flat = self._flat(hint)
        if flat is not None:
            return flat
        return frozenset({tuple}) if typing.get_origin(hint) in (tuple, list) else frozenset({dict})


class RecordFields(typing.NamedTuple):
    names: tuple[str, ...]
    shallow: tuple[frozenset[type], ...]  # per field, the exact types its value may have
    deep: tuple[tuple[int, Check], ...]  # the fields that hold arrays or maps, and their checks


def _one_of(allowed: frozenset[type]) -> Check:
    def check(value: Any) -> Any:
        if type(value) not in allowed:
            raise Invalid(f"unexpected {type(value).__name__}")
        return value
    return check


def _either(checks: tuple[Check, ...]) -> Check:
    def check(value: Any) -> Any:
        for one in checks:
            try:
                return one(value)
            except Invalid:
                pass
        raise Invalid(f"no alternative fits a {type(value).__name__}")
    return check


def _array(value: Any) -> tuple:
    if type(value) is not tuple:
        raise Invalid(f"expected an array, got {type(value).__name__}")
    return value


def _tuple_of_flat(allowed: frozenset[type]) -> Check:
    def check(value: Any) -> Any:
        if not allowed.issuperset(map(type, _array(value))):
            raise Invalid("unexpected item in an array")
        return value
    return check


def _tuple_of(item: Check) -> Check:
    return lambda value: tuple([item(x) for x in _array(value)])


def _tuple(items: tuple[Check, ...]) -> Check:
    def check(value: Any) -> Any:
        if len(_array(value)) != len(items):
            raise Invalid(f"expected an array of {len(items)}")
        return tuple([one(x) for one, x in zip(items, value)])
    return check


def _list_of_flat(allowed: frozenset[type]) -> Check:
    return lambda value: list(_tuple_of_flat(allowed)(value))


def _list_of(item: Check) -> Check:
    return lambda value: [item(x) for x in _array(value)]


def _map(value: Any, keys: frozenset[type]) -> dict:
    if type(value) is not dict or not keys.issuperset(map(type, value)):
        raise Invalid(f"expected a map, got {type(value).__name__}")
    return value


def _dict_of_flat(keys: frozenset[type], allowed: frozenset[type]) -> Check:
    def check(value: Any) -> Any:
        if not allowed.issuperset(map(type, _map(value, keys).values())):
            raise Invalid("unexpected value in a map")
        return value
    return check


def _dict_of(keys: frozenset[type], item: Check) -> Check:
    return lambda value: {k: item(v) for k, v in _map(value, keys).items()}
