"""Parallel builds give the same bytes as serial ones, and report template errors the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.load.errors import BuildFailed
from builder.output import parallel
from builder.output.build import build_into
from conftest import company_md, posting_md


@pytest.fixture
def board(make_board) -> Path:  # noqa: ANN001
    files = {f"content/companies/c{i}.md": company_md(name=f"Company {i}") for i in range(3)}
    files.update({f"content/jobs/j{i}.md": posting_md(title=f"Job {i}", company=f"c{i % 3}", skills=[f"S{i % 4}"],
                                                        body=f"# Job {i}\n\n* one\n* [two](https://t.example)\n")
                  for i in range(40)})
    return make_board(files)


def files_of(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_parallel_build_equals_serial_build(board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    build_into(board, tmp_path / "serial", use_cache=False)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "PROCESSES", 2)
    assert parallel.processes_for(40) == 2
    build_into(board, tmp_path / "parallel", use_cache=False)
    serial, parallel_files = files_of(tmp_path / "serial"), files_of(tmp_path / "parallel")
    assert len(serial) > 50
    assert parallel_files == serial


def test_template_errors_from_workers_name_the_template_line(board: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "PROCESSES", 2)
    (board / "templates").mkdir()
    (board / "templates/posting.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ posting.nope }}\n{% endblock %}\n')
    with pytest.raises(BuildFailed) as failed:
        build_into(board, tmp_path / "out", use_cache=False)
    assert [str(e) for e in failed.value.errors][0].startswith("templates/posting.html:3: template:")


def test_cached_parallel_rebuilds_update_the_index_kept_by_a_worker(board: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """In a parallel build the worker that makes the search index keeps its term lists in the
    cache itself; the next build's worker updates them, and the site equals a serial fresh build."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "PROCESSES", 2)
    build_into(board, tmp_path / "out")
    assert list((board / ".jobboard-cache/kept").glob("*.msgpack"))
    (board / "content/jobs/j7.md").write_text(posting_md(title="Job 7", company="c1", skills=["S3"], body="wombat\n"))
    edited = build_into(board, tmp_path / "out")
    assert edited.rendered < edited.pages / 2  # the workers' stamps of the files they wrote held
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    build_into(board, tmp_path / "fresh", use_cache=False)
    assert files_of(tmp_path / "out") == files_of(tmp_path / "fresh")
    assert any(b"wombat" in data for name, data in files_of(tmp_path / "out").items() if name.startswith("search/terms/"))


def test_chunks_cover_every_item_in_order_and_shrink_towards_the_end() -> None:
    items = list(range(10_500))
    sizes = [len(chunk) for chunk in parallel._chunks(items, 2)]
    assert [i for chunk in parallel._chunks(items, 2) for i in chunk] == items
    assert sizes[0] == parallel.CHUNK_MAX and sizes == sorted(sizes, reverse=True)
    assert sizes[-2] == 16  # the last ones are small, so neither worker waits long for the other
