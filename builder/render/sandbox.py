"""The Jinja sandbox every template renders in, the theme's and a board's own: no Python reached
through a template, and no value grown past a bound.

A board's templates come in pull requests from strangers, and its CI runs `jobboard check` on
them: a plain Environment lets `{{ cycler.__init__.__globals__.os.popen(...) }}` run a command.
Jinja's ImmutableSandboxedEnvironment refuses underscore attributes, Python internals and
changes to lists and dicts; the templates reach only the board's own data (frozen dataclasses,
tuples, strings) and the theme's filters. On top of it, the operators and string methods that
make a value longer than their inputs are bounded, so `{{ 'x' * 10**10 }}` is an error line,
not a 10 GB page (Jinja's own `range` is bounded already).
"""

from __future__ import annotations

import re
import string
from typing import Any, Callable

from jinja2 import filters
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

LONGEST = 1_000_000  # characters or items of any one value a template makes; a posting page is ~20 kB
LARGEST_POWER = 10_000  # bits of a number made by `**`


def _bounded(length: int, what: str) -> None:
    if length > LONGEST:
        raise SecurityError(f"{what} would make a value of {length:,} characters; a template may make at most {LONGEST:,}")


def _times(left: Any, right: Any) -> Any:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            _bounded(len(sequence) * count, "*")
    return left * right


def _power(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if left.bit_length() * right > LARGEST_POWER:
            raise SecurityError(f"** would make a number of more than {LARGEST_POWER:,} bits")
    return left**right


# printf-style widths and precisions: "%(name)300000000s", "%*d", "%.999999f"
_PRINTF_SIZE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _printf_bounded(text: str) -> None:
    for width, precision in _PRINTF_SIZE.findall(text):
        if "*" in (width, precision):
            raise SecurityError("% formatting with a '*' width is not allowed in templates")
        _bounded(max(int(width or 0), int(precision or 0)), "% formatting")


def _percent(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _printf_bounded(left)
    return left % right


def _format_bounded(text: str) -> None:
    """str.format's widths: "{:999999999}", and no width taken from an argument ("{:{}}")."""
    for _, _, spec, _ in string.Formatter().parse(text):
        if spec and "{" in spec:
            raise SecurityError("str.format with a width from an argument is not allowed in templates")
        _bounded(max(map(int, re.findall(r"\d+", spec or "")), default=0), "str.format")


def _grown(text: str, old: str, new: str) -> int:
    """The length of text.replace(old, new) at the most."""
    return len(text) + (text.count(old) + 1) * max(0, len(new) - len(old))


# str methods whose result can be longer than the string: the longest result each can make
_GROWING = {
    "center": lambda s, width, *_: width,
    "ljust": lambda s, width, *_: width,
    "rjust": lambda s, width, *_: width,
    "zfill": lambda s, width: width,
    "expandtabs": lambda s, tabsize=8: len(s) + s.count("\t") * tabsize,
    "replace": lambda s, old, new, count=-1: _grown(s, old, new),
    "join": lambda s, items: len(s) * len(items),
    "format": lambda s, *_, **__: _format_bounded(s) or 0,
    "format_map": lambda s, *_: _format_bounded(s) or 0,
}


class BoardSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe_attributes: dict[type, set[str]] = {}  # see getattr
        self.binop_table.update({"*": _times, "**": _power, "%": _percent})
        # the filters that pad or repeat, bounded like the operators and methods
        self.filters.update(center=_center, indent=_indent, format=_format, replace=_replace)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's sandboxed getattr, with its verdict remembered: the rules depend on the object's
        type and the name alone, and a page asks them for every `posting.title` it shows (most of
        the sandbox's cost). A str's growing methods come back bounded (see _GROWING)."""
        if attribute in self._safe_attributes.get(type(obj), ()):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        value = super().getattr(obj, attribute)
        if isinstance(obj, str) and attribute in _GROWING:
            return _bounded_method(obj, attribute, value)
        if callable(value) and not self.is_safe_callable(value):
            return self.unsafe_undefined(obj, attribute)
        if not attribute.startswith("_") and hasattr(obj, attribute) and self.is_safe_attribute(obj, attribute, value):
            self._safe_attributes.setdefault(type(obj), set()).add(attribute)
        return value

    # Jinja asks every call whether its function is marked unsafe (@unsafe, alters_data): 7% of
    # a page's rendering, for markers only methods could carry, and getattr asks it of them.
    # What else a template can call is fixed by our code: the theme's filters and globals, the
    # page's context, Jinja's macros and loop helpers. So a call is the plain environment's:
    # sandboxed code calls environment.call(context, f, ...), which is context.call(f, ...).
    call = staticmethod(Context.call)


def _bounded_method(text: str, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """`method` (text's own, or the sandbox's wrapped str.format) checking first how long its
    result can be."""
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name == "join" and args:
            args = (list(args[0]), *args[1:])  # a generator's length is known only once listed
        _bounded(_GROWING[name](text, *args, **kwargs), f"str.{name}")
        return method(*args, **kwargs)
    return bounded


def _center(value: str, width: int = 80) -> str:
    _bounded(width, "center")
    return filters.do_center(value, width)


def _indent(value: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    text = str(value)
    _bounded(len(text) + (text.count("\n") + 1) * (len(width) if isinstance(width, str) else width), "indent")
    return filters.do_indent(value, width, first, blank)


def _format(value: str, *args: Any, **kwargs: Any) -> str:
    _printf_bounded(str(value))
    return filters.do_format(value, *args, **kwargs)


@filters.pass_eval_context
def _replace(eval_ctx: Any, value: str, old: str, new: str, count: int | None = None) -> str:
    _bounded(_grown(str(value), str(old), str(new)), "replace")
    return filters.do_replace(eval_ctx, value, old, new, count)
