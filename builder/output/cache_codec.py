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
from itertools import chain, repeat
from operator import itemgetter
from typing import Any, Callable, Sequence

import msgpack

MAGIC = b"jobboard cache 1\n"
DATE = 0  # extension code of a date; records take 1, 2, ... in registry order
SMALL = 64  # bytes: records up to this size are made once per file (see Codec.loads)


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
        names, all_hints = tuple(f.name for f in dataclasses.fields(cls)), typing.get_type_hints(cls)
        hints = [all_hints[name] for name in names]
        arrays = {i: self._flat(args[0]) for i, (origin, args) in enumerate(map(_origin_and_args, hints))
                  if origin is tuple and args[1:] == (Ellipsis,) and self._flat(args[0]) is not None}
        return RecordFields(
            names=names,
            shallow=tuple(map(self._shallow, hints)),
            arrays=tuple(arrays), array_items=tuple(arrays.values()),
            deep=tuple((i, self.checker(hint)) for i, hint in enumerate(hints)
                       if self._flat(hint) is None and i not in arrays))

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
        made: dict[tuple[int, bytes], Any] = {}

        def extension(code: int, payload: bytes) -> Any:
            # small records repeat (a place, a salary band, a date): each is made once per file
            # and shared, as they are immutable
            if len(payload) > SMALL:
                return self._record(code, payload, extension)
            if (code, payload) not in made:
                made[code, payload] = self._record(code, payload, extension)
            return made[code, payload]
        return self.checker(hint)(_unpack(memoryview(data)[len(header):], extension))

    def _record(self, code: int, data: bytes, extension: Callable[[int, bytes], Any]) -> Any:
        if code == DATE:
            if len(data) != 4:
                raise Invalid("a date of the wrong size")
            return date.fromordinal(int.from_bytes(data, "big"))
        cls = self.classes.get(code)
        if cls is None:
            raise Invalid(f"unknown record code {code}")
        fields = self._fields[cls]
        values = _unpack(data, extension)
        # the type of every field at once (in C: a posting has two dozen), then the items of
        # the fields that are arrays of plain values or records, then the others
        if (type(values) is not tuple or len(values) != len(fields.names)
                or not all(map(frozenset.__contains__, fields.shallow, map(type, values)))
                or not all(map(frozenset.issuperset, fields.array_items,
                               map(map, repeat(type), map(values.__getitem__, fields.arrays))))):
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
    # A large cache file holds tens of thousands of values of a few types (stamps, term lists,
    # output records): their types are tested many values at a time, by chains of map() and
    # set operations that run in C, not by a Python call per value.

    def checker(self, hint: Any) -> Check:
        """A check for values of the type `hint`: str, bytes, bool, int, float, None, date, a
        registered record class, X | Y, tuple[X, ...], tuple[X, Y], list[X], dict[K, V], a
        NamedTuple of those (encoded as an array of its fields)."""
        if hint not in self._checkers:
            test, make = self._test(hint), self._maker(hint)

            def check(value: Any) -> Any:
                if not test((value,)):
                    raise Invalid(f"not a {hint}")
                return make(value) if make else value
            self._checkers[hint] = check
        return self._checkers[hint]

    def _test(self, hint: Any) -> Test:
        flat = self._flat(hint)
        if flat is not None:
            return lambda values: flat.issuperset(map(type, values))
        origin, args = _origin_and_args(hint)
        if origin is list or (origin is tuple and args[1:] == (Ellipsis,)):
            items = self._test(args[0])
            return lambda values: ARRAY.issuperset(map(type, values)) and items(list(chain.from_iterable(values)))
        if origin is tuple:
            lengths, columns = frozenset({len(args)}), tuple(enumerate(self._test(arg) for arg in args))
            return lambda values: (ARRAY.issuperset(map(type, values)) and lengths.issuperset(map(len, values))
                                   and all(test(list(map(itemgetter(i), values))) for i, test in columns))
        if origin is dict:
            keys, items = self._test(args[0]), self._test(args[1])
            return lambda values: (MAP.issuperset(map(type, values)) and keys(list(chain.from_iterable(values)))
                                   and items(list(chain.from_iterable(map(dict.values, values)))))
        by_length = self._by_length(hint)
        if by_length:  # a parse result: a company's or a posting's, told apart by their lengths
            tests = {length: self._test(arg) for length, arg in by_length.items()}
            return lambda values: ARRAY.issuperset(map(type, values)) and all(
                tests.get(length, _none)(group) for length, group in _by_length(values).items())
        if origin in (typing.Union, types.UnionType):
            alternatives = tuple(self._test(arg) for arg in args)
            return lambda values: all(any(test((value,)) for test in alternatives) for value in values)
        raise TypeError(f"the build cache cannot check {hint!r}")

    def _by_length(self, hint: Any) -> dict[int, Any]:
        """For a union of tuples of fixed, different lengths (X | Y where X = tuple[A, B] and
        Y = tuple[A, B, C]), each alternative by its length; else {}."""
        if typing.get_origin(hint) not in (typing.Union, types.UnionType):
            return {}
        alternatives = {}
        for arg in typing.get_args(hint):
            origin, args = _origin_and_args(arg)
            if origin is not tuple or args[1:] == (Ellipsis,) or len(args) in alternatives:
                return {}
            alternatives[len(args)] = arg
        return alternatives

    def _maker(self, hint: Any) -> Callable[[Any], Any] | None:
        """What makes a value of `hint` from one that passed its test, as a record holds it:
        lists where the hint says list (msgpack arrays come back as tuples); None: as it is."""
        origin, args = _origin_and_args(hint)
        if self._flat(hint) is not None:
            return None
        if _is_named_tuple(hint):  # a small record without a registry code: an array of its fields
            fields = self._maker(tuple[args])
            return (lambda value: hint._make(fields(value))) if fields else hint._make
        if origin is list:
            item = self._maker(args[0])
            return (lambda value: list(map(item, value))) if item else list
        if origin is tuple and args[1:] == (Ellipsis,):
            item = self._maker(args[0])
            return (lambda value: tuple(map(item, value))) if item else None
        if origin is tuple:
            items = tuple(self._maker(arg) or _same for arg in args)
            return None if all(item is _same for item in items) else (
                lambda value: tuple([make(x) for make, x in zip(items, value)]))
        if origin is dict:
            item = self._maker(args[1])
            return (lambda value: dict(zip(value, map(item, value.values())))) if item else None
        by_length = {length: self._maker(arg) or _same for length, arg in self._by_length(hint).items()}
        if by_length:
            return None if all(make is _same for make in by_length.values()) else (
                lambda value: by_length[len(value)](value))
        if origin in (typing.Union, types.UnionType):
            alternatives = tuple((self._test(arg), self._maker(arg) or _same) for arg in args)
            if all(make is _same for _, make in alternatives):
                return None
            return lambda value: next(make for test, make in alternatives if test((value,)))(value)
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
        return ARRAY if _origin_and_args(hint)[0] in (tuple, list) else MAP


def _is_named_tuple(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")


def _origin_and_args(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """typing's origin and arguments; a NamedTuple's are those of a tuple of its fields."""
    if _is_named_tuple(hint):
        hints = typing.get_type_hints(hint)
        return tuple, tuple(hints[name] for name in hint._fields)
    return typing.get_origin(hint), typing.get_args(hint)


def _unpack(data: bytes | memoryview, extension: Callable[[int, bytes], Any]) -> Any:
    # arrays come back as tuples, as records hold them; a list[...] hint turns them into lists
    return msgpack.unpackb(data, ext_hook=extension, use_list=False, raw=False)


Test = Callable[[Sequence[Any]], bool]  # whether every one of the values is of a type
ARRAY, MAP = frozenset({tuple}), frozenset({dict})


def _same(value: Any) -> Any:
    return value


def _none(values: Sequence[Any]) -> bool:
    return False


def _by_length(values: Sequence[tuple]) -> dict[int, list[tuple]]:
    groups: dict[int, list[tuple]] = {}
    for value in values:
        groups.setdefault(len(value), []).append(value)
    return groups


class RecordFields(typing.NamedTuple):
    names: tuple[str, ...]
    shallow: tuple[frozenset[type], ...]  # per field, the exact types its value may have
    arrays: tuple[int, ...]  # the fields that are arrays of plain values or records (a posting's skills)
    array_items: tuple[frozenset[type], ...]  # per such field, the exact types of its items
    deep: tuple[tuple[int, Check], ...]  # the other fields that hold arrays or maps, and their checks
