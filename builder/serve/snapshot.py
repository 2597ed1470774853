"""One immutable version of the site for the dev server: pages rendered on request, then kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

from ..load.theme import Theme, load_theme
from ..model.board import Board
from ..output.build import collector_paused, load_board
from ..output.cache import ParseCache
from ..render.site import Outputs, Page, prepare_site


class Snapshot:
    """The site as one build saw it. Pages render lazily from the frozen Board, so a one-file
    edit on a large board costs one load and the pages actually viewed, not a full render;
    and since a snapshot never changes, a request sees one whole version of the site."""

    def __init__(self, board: Board, theme: Theme, env: jinja2.Environment | None, version: int,
                 handed: dict[str, Any] | None = None):
        self.board = board
        self.theme = theme
        self.site = prepare_site(board, theme, env)
        self.env = self.site.env
        self.version = version
        self._pages: dict[str, Page] = {page.path: page for page in self.site.pages}
        self._rendered: dict[str, bytes] = {}
        self._made: dict[str, Outputs] = {}
        # what groups kept between builds (the search index's term lists): handed over by the
        # snapshots before this one, and what this one made, for the next
        self._handed = handed or {}
        self._kept: dict[str, Any] = {}
        self.base_path = board.config.base_path

    def _generated(self, path: str) -> bytes | None:
        """A feed, the sitemap, a search file: its group is made once per snapshot, when first asked for."""
        group = next((g for g in self.site.generated if g.covers(path)), None)
        if group is None:
            return None
        if group.name not in self._made:  # as with pages, a race only makes the same bytes twice
            if group.remake is None:
                self._made[group.name] = group.make()
            else:
                # the handed state is superseded by this one: pop it, not to hold both
                files, self._kept[group.name] = group.remake(self._handed.pop(group.name, None))
                self._made[group.name] = files
        return self._made[group.name].get(path)

    def handover(self) -> dict[str, Any]:
        """The kept states for the next snapshot: this one's, else those it was handed."""
        return {**self._handed, **self._kept}

    def get(self, path: str) -> bytes | None:
        """The file at `path` (e.g. "jobs/x/index.html"), None if the site has none.
        Raises BuildFailed when its template fails."""
        page = self._pages.get(path)
        if page is None:
            return self.site.static.get(path) or self._generated(path) or self._current_asset(path)
        if path not in self._rendered:  # two threads may both render it; same bytes, no harm
            self._rendered[path] = self.site.render(page)
        return self._rendered[path]

    def _current_asset(self, path: str) -> bytes | None:
        """An open tab still links the stylesheet by its previous fingerprint; after a CSS-only
        change it re-requests that URL, and gets the asset's current content."""
        unhashed = re.sub(r"^assets/(.+)\.[0-9a-f]{10}(\.[^./]+)$", r"\1\2", path)
        published = self.site.assets.get(unhashed)
        return self.site.static.get(published) if published else None

    def check_templates(self) -> None:
        """Render one page of each template now, so a broken template fails the rebuild (and the
        overlay shows it) instead of the next request."""
        seen: set[str] = set()
        for path, page in self._pages.items():
            if page.template not in seen:
                seen.add(page.template)
                self.get(path)

    def same_site(self, other: Snapshot | None) -> bool:
        return other is not None and other.board == self.board and other.theme == self.theme


def load_snapshot(board_dir: Path, drafts: bool, cache: ParseCache, previous: Snapshot | None) -> Snapshot:
    """Load the board (re-parsing only changed files) into a new snapshot; raises BuildFailed."""
    with collector_paused():
        try:
            board = load_board(board_dir, drafts, cache=cache)
        finally:
            cache.save()
        theme = load_theme(board_dir, board.config.allow_symlinks_outside)
        same_theme = previous is not None and previous.theme == theme
        env = previous.env if same_theme else None  # keeps Jinja's compiled templates
        snapshot = Snapshot(board, theme, env, (previous.version + 1) if previous else 1,
                            previous.handover() if previous else None)
    if not same_theme:  # content edits render with templates already checked
        snapshot.check_templates()
    return snapshot
