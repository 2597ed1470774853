"""The theme a board renders with: the built-in templates and static files, overlaid file by file by
the board's own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed
from .source import decode
from .walk import board_files

PACKAGE = Path(__file__).resolve().parents[1]  # builder/
STATIC_HIDDEN = (".well-known",)  # hidden, but published: hosts serve static/.well-known/ (security.txt, ACME)


@dataclass(frozen=True)
class Theme:
    """The built-in theme overlaid by the board's own files: template name -> (source, display path),
    static path -> bytes."""

    templates: dict[str, tuple[str, str]]
    static: dict[str, bytes]


def theme_dirs() -> tuple[Path, Path]:
    """The built-in theme: inside the installed package, or at the repository root in a checkout."""
    installed = PACKAGE / "theme"
    base = installed if installed.is_dir() else PACKAGE.parent
    return base / "templates", base / "static"


def load_theme(board: Path, allow_outside: bool = False) -> Theme:
    """Built-in templates and static files, overlaid file by file by the board's own. Raises
    BuildFailed for the board's files that cannot be read (see walk.board_files)."""
    builtin_templates, builtin_static = theme_dirs()
    own_templates, errors = board_files(board, "templates", allow_outside)
    own_static, more = board_files(board, "static", allow_outside, visible=STATIC_HIDDEN)
    errors += more
    templates: dict[str, tuple[str, str]] = {}
    static: dict[str, bytes] = {}
    for folder, names, display_root in ((builtin_templates, _trusted(builtin_templates), "theme/templates"),
                                        (board / "templates", own_templates, "templates")):
        for name in sorted(names):
            text, problems = decode((folder / name).read_bytes(), f"{display_root}/{name}")
            templates[name] = (text or "", f"{display_root}/{name}")
            errors += problems
    for folder, names in ((builtin_static, _trusted(builtin_static)), (board / "static", own_static)):
        for name in sorted(names):
            static[name] = (folder / name).read_bytes()
    if errors:
        raise BuildFailed(errors)
    return Theme(templates, static)


def _trusted(folder: Path) -> list[str]:
    """The files of a built-in theme folder: part of the package, so links may lead anywhere."""
    return board_files(folder.parent, folder.name, allow_outside=True, visible=STATIC_HIDDEN)[0]
