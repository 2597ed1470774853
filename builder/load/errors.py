"""Problems in a board's sources, reported as `path:line: field: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that would break an error line in two, or print wrongly: C0/C1 controls, line and
# paragraph separators, bidirectional overrides, and lone surrogates (which cannot be encoded).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` with every unprintable character escaped as in Python (\\n, \\x00, \\u2028)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def plural(count: int, one: str, many: str = "") -> str:
    """"1 posting", "2 postings"; `many` for a plural that is not `one` + "s" ("companies")."""
    return f"{count} {one if count == 1 else many or one + 's'}"


@dataclass(frozen=True, order=True)
class SourceError:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{one_line(self.path)}:{self.line}: {self.shown_field}: {one_line(self.message)}"

    @property
    def shown_field(self) -> str:
        return one_line(self.field) or "(empty key)"  # a key "" at the top of a file


@dataclass(frozen=True, order=True)
class SourceWarning(SourceError):
    """A problem worth telling the author that does not stop the build."""

    def __str__(self) -> str:
        return f"{one_line(self.path)}:{self.line}: {self.shown_field}: warning: {one_line(self.message)}"


class UsageError(Exception):
    """A problem with how jobboard was run, not with the board: one line, exit 2."""


class BuildFailed(Exception):
    """Raised with every error of a run, so the author can fix them all at once."""

    def __init__(self, errors: list[SourceError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
