"""Build a board: load, assemble, render; write the outputs atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

from .config import load_config
from .content import load_content
from .model import Board, assemble
from .render import Outputs, Theme, render_site
from .search_index import search_outputs

PACKAGE = Path(__file__).resolve().parent


def theme_dirs() -> tuple[Path, Path]:
    """The built-in theme: inside the installed package, or at the repository root in a checkout."""
    installed = PACKAGE / "theme"
    base = installed if installed.is_dir() else PACKAGE.parent
    return base / "templates", base / "static"


def load_theme(board: Path) -> Theme:
    """Built-in templates and static files, overlaid file by file by the board's own."""
    builtin_templates, builtin_static = theme_dirs()
    templates: dict[str, tuple[str, str]] = {}
    static: dict[str, bytes] = {}
    for folder, display_root in ((builtin_templates, "theme/templates"), (board / "templates", "templates")):
        for name, path in _files(folder):
            templates[name] = (path.read_text(encoding="utf-8"), f"{display_root}/{name}")
    for folder in (builtin_static, board / "static"):
        for name, path in _files(folder):
            static[name] = path.read_bytes()
    return Theme(templates, static)


def _files(folder: Path) -> list[tuple[str, Path]]:
    if not folder.is_dir():
        return []
    return sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*") if p.is_file())


def build_date() -> date:
    """Today, or SOURCE_DATE_EPOCH's day when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def load_board(board_dir: Path, drafts: bool = False, base_url: str | None = None) -> Board:
    config = load_config(board_dir, base_url)
    companies, postings = load_content(board_dir)
    return assemble(config, companies, postings, build_date(), drafts)


def build(board_dir: Path, drafts: bool = False, base_url: str | None = None) -> tuple[Board, Outputs]:
    board = load_board(board_dir, drafts, base_url)
    return board, {**render_site(board, load_theme(board_dir)), **search_outputs(board)}


def write_outputs(outputs: Outputs, out_dir: Path) -> None:
    """Write every file into a sibling temporary folder, then swap it in whole: a failed or
    killed build leaves the previous output as it was, and stale files do not linger."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from a static server's user
    try:
        for name, data in outputs.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
