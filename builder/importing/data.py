"""The extraction rules and vocabularies shipped in data/, read once."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


@functools.cache
def load(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
