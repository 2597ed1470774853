"""Build the fixture board in tests/golden/board and compare every file with tests/golden/expected.

After a deliberate change, rewrite the expected files with `python -m pytest tests/test_golden.py
--update-golden` and review the diff (`git diff tests/golden/expected`) before committing it.
Fingerprinted names are normalised and asset and search-index files left out, so a stylesheet
edit does not rewrite every page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builder.output.build import build

GOLDEN = Path(__file__).resolve().parent / "golden"
SKIPPED = ("assets/", "search/")


def _normalise(name: str, data: bytes) -> bytes:
    if name.endswith((".png", ".ico", ".woff2")):
        return data
    return re.sub(rb"\.[0-9a-f]{8,64}\.(css|js|json)\b", rb".HASH.\1", data)


def _built() -> dict[str, bytes]:
    _, outputs = build(GOLDEN / "board")
    return {name: _normalise(name, data) for name, data in outputs.items() if not name.startswith(SKIPPED)}


def _expected() -> dict[str, bytes]:
    root = GOLDEN / "expected"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_golden_build(request: pytest.FixtureRequest) -> None:
    built = _built()
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN / "expected", ignore_errors=True)
        for name, data in built.items():
            (GOLDEN / "expected" / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / "expected" / name).write_bytes(data)
        pytest.skip("golden files rewritten: review `git diff tests/golden/expected`")
    expected = _expected()
    assert sorted(built) == sorted(expected)
    for name in expected:
        assert built[name].decode() == expected[name].decode(), f"{name} differs from tests/golden/expected/{name}"
