"""Problems in a board's sources, reported as `path:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SourceError:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True, order=True)
class SourceWarning(SourceError):
    """A problem worth telling the author that does not stop the build."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: warning: {self.message}"


class BuildFailed(Exception):
    """Raised with every error of a run, so the author can fix them all at once."""

    def __init__(self, errors: list[SourceError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
