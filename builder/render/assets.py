"""Fingerprinted assets: static/assets/<name> is published as <stem>.<content hash><suffix>,
so any static server or CDN can cache it for ever and a changed file gets a new URL."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

PREFIX = "assets/"


def fingerprint(static: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """(static files with every asset renamed, asset name -> published path). Other static
    files (logos, favicons, a board's own files) keep their names: pages link to them by name."""
    files: dict[str, bytes] = {}
    names: dict[str, str] = {}
    for path, data in static.items():
        if path.startswith(PREFIX):
            name = path.removeprefix(PREFIX)
            path = PREFIX + hashed_name(name, data)
            names[name] = path
        files[path] = data
    return files, names


def hashed_name(name: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:10]
    pure = PurePosixPath(name)
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix}"))
