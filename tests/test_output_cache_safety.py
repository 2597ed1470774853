"""The build cache holds data, never code, and never breaks a build: a board may come with a
.jobboard-cache/ of someone else's making (a pull request, an archive), and a cache that cannot
be written (a file in its place, a read-only folder, a full disk) costs one warning."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import jinja2
import msgpack
import pytest
from jinja2.bccache import bc_magic

from builder.load.theme import load_theme
from builder.output.build import build_into
from builder.output.cache import FOLDER, VERSION, file_key
from conftest import company_md, posting_md

WARNING = "jobboard: warning: cache not saved: "


def board_files(n: int = 4) -> dict[str, str]:
    files = {"content/companies/acme.md": company_md()}
    for i in range(n):
        files[f"content/jobs/job-{i}.md"] = posting_md(title=f"Engineer {i}", skills=["Python"])
    return files


def jobboard(board: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it: from inside the board, with relative paths."""
    return subprocess.run([sys.executable, "-m", "builder", "build", *args], cwd=board,
                          capture_output=True, text=True, timeout=300)


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def assert_correct_output(board: Path, tmp_path: Path) -> None:
    """public/ is what a build without any cache makes."""
    fresh = tmp_path / "fresh"
    build_into(board, fresh, use_cache=False)
    assert site_files(board / "public") == site_files(fresh)


# --- a planted cache runs nothing -----------------------------------------------------------

class Planted:
    """Unpickling this runs a shell command that creates the marker file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch '{self.marker}'",)


def plant_pickles(board: Path, marker: Path) -> int:
    """A malicious pickle at every path where jobboard's pickled cache used to be read from, and
    a malicious compiled template (Jinja reads its checksum with pickle) for every template."""
    payload = pickle.dumps(Planted(marker))
    folder = board / FOLDER
    paths = [folder / "stamps.pickle", folder / "outputs.pickle",
             *(folder / "parsed" / f"{i:02x}.pickle" for i in range(256)),
             folder / "kept" / f"{hashlib.sha256(b'search/').hexdigest()[:16]}.pickle"]
    keys = jinja2.BytecodeCache()
    paths += [folder / "templates" / f"{VERSION[:16]}-{keys.get_cache_key(name, display)}.cache"
              for name, (_, display) in load_theme(board).templates.items()]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bc_magic + payload if path.suffix == ".cache" else payload)
    return len(paths)


def test_a_planted_pickle_cache_runs_nothing(make_board, tmp_path: Path) -> None:
    board = make_board(board_files())
    marker = tmp_path / "pwned"
    assert plant_pickles(board, marker) > 260
    done = jobboard(board)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert "Traceback" not in done.stderr and WARNING not in done.stderr
    assert_correct_output(board, tmp_path)
    assert jobboard(board).returncode == 0 and not marker.exists()  # with the cache it saved itself


def test_the_dev_servers_cache_runs_nothing_either(make_board, tmp_path: Path) -> None:
    """`jobboard serve` loads the board through the same parse cache."""
    from builder.output.build import load_board
    from builder.output.cache import ParseCache

    board = make_board(board_files())
    marker = tmp_path / "pwned"
    plant_pickles(board, marker)
    loaded = load_board(board, cache=ParseCache(board / FOLDER))
    assert not marker.exists()
    assert sorted(p.title for p in loaded.postings) == [f"Engineer {i}" for i in range(4)]


def header() -> bytes:
    from builder.output.cache_codec import MAGIC

    return MAGIC + VERSION.encode() + b"\n"


def crafted_cache(board: Path) -> None:
    """Files of the current format and version, each with one thing no jobboard writes: an
    unknown record code, a record with a field of the wrong type or a missing field. Each
    poisoned record sits under the key of a real file, and the stamps name those files, so
    the build looks each one up."""
    from builder.load.records import Posting
    from builder.output.cache import CODEC

    folder = board / FOLDER
    (folder / "parsed").mkdir(parents=True)
    real = {display: file_key((board / display).read_bytes(), display)
            for display in ["content/jobs/job-0.md", "content/jobs/job-1.md", "content/jobs/job-2.md"]}
    codes = CODEC.codes
    fields = [f.name for f in dataclasses.fields(Posting)]
    # a posting's fields as the codec writes them; as it is, it would be taken (a cache holds
    # what the board's own files parse to, so a board's author could write either)
    posting = ["job-1", "content/jobs/job-1.md", "POISON", "acme", msgpack.ExtType(0, (739000).to_bytes(4, "big")),
            "https://x.example", "<p>POISON</p>", "POISON", "", b"", None, ("FULL_TIME",), (), "remote", (), (), "",
            "", (), (), "", False, "0" * 64]
    assert len(posting) == len(fields)
    bad_type = [*posting]
    bad_type[fields.index("date_posted")] = "2026-11-01"  # a string where a date goes
    entries = {
        real["content/jobs/job-0.md"]: [msgpack.ExtType(99, b"\x90"), [], None],  # no record has code 99
        real["content/jobs/job-1.md"]: [msgpack.ExtType(codes[Posting], msgpack.packb(bad_type)), [], ["acme", 3]],
        real["content/jobs/job-2.md"]: [msgpack.ExtType(codes[Posting], msgpack.packb(posting[:-1])), [], ["acme", 3]],
    }
    for shard in {key[:2] for key in entries}:
        in_shard = {key: entry for key, entry in entries.items() if key[:2] == shard}
        (folder / "parsed" / f"{shard}.msgpack").write_bytes(header() + msgpack.packb(in_shard))
    stamps = {display: [0, 0, 0, key] for display, key in real.items()}  # "seen, but touched since": hashed
    (folder / "stamps.msgpack").write_bytes(header() + msgpack.packb(stamps))
    (folder / "outputs.msgpack").write_bytes(header() + msgpack.packb([{}, {"x": msgpack.ExtType(99, b"")}]))


def test_a_crafted_cache_in_the_current_format_is_discarded(make_board, tmp_path: Path) -> None:
    board = make_board(board_files())
    crafted_cache(board)
    done = jobboard(board)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and WARNING not in done.stderr
    assert_correct_output(board, tmp_path)
    assert b"POISON" not in b"".join(site_files(board / "public").values())


def test_a_cache_of_its_own_making_is_used_and_holds_what_was_parsed(tmp_path: Path) -> None:
    """Every file of the cache loads back (a type check too strict would silently make every
    rebuild a full one), and the parse results equal, field for field and in repr (which
    output keys hash), parsing the files again."""
    from builder.load.content import source_files
    from builder.output.cache import CODEC, OutputCache, ParseCache, KeptStates, ParseResult

    board = tmp_path / "board"
    repository = Path(__file__).parent.parent
    shutil.copytree(repository / "content", board / "content")
    shutil.copy(repository / "site.yml", board)
    for path in (board / "content").rglob("*.md"):  # written long ago: their stamps are kept
        os.utime(path, (1_000_000_000, 1_000_000_000))
    build_into(board, tmp_path / "out")
    folder = board / FOLDER
    assert OutputCache.load(folder).last and KeptStates(folder).load("search/") is not None
    files = source_files(board)
    assert ParseCache(folder).has_seen(files[0][1])  # from the saved stamps
    cached: dict = {}
    for shard in (folder / "parsed").glob("*.msgpack"):
        cached.update(CODEC.loads(VERSION, shard.read_bytes(), dict[str, ParseResult]))
    assert len(cached) == len(files) > 10
    for parser, display, path in files:
        raw = Path(path).read_bytes()
        again, fresh = cached[file_key(raw, display)], parser(raw, display)
        assert again == fresh and repr(again) == repr(fresh)
        if hasattr(fresh[0], "fields_key"):
            assert again[0].fields_key == fresh[0].fields_key


# --- a cache that cannot be written ---------------------------------------------------------

def assert_built_with_one_warning(board: Path, tmp_path: Path, done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith(WARNING)]
    assert len(warnings) == 1, done.stderr
    assert warnings[0].endswith("(the build is fine; delete .jobboard-cache or fix its permissions)")
    assert_correct_output(board, tmp_path)


def test_a_cache_that_is_a_file_costs_one_warning(make_board, tmp_path: Path) -> None:
    board = make_board(board_files())
    (board / FOLDER).write_text("not a folder")
    done = jobboard(board)
    assert_built_with_one_warning(board, tmp_path, done)
    assert (board / FOLDER).read_text() == "not a folder"


def test_a_file_where_a_cache_folder_goes_costs_one_warning(make_board, tmp_path: Path) -> None:
    board = make_board(board_files())
    jobboard(board)
    shutil.rmtree(board / FOLDER / "parsed")
    (board / FOLDER / "parsed").write_text("not a folder")
    (board / "content/jobs/job-0.md").write_text(posting_md(title="Edited"))
    done = jobboard(board)
    assert_built_with_one_warning(board, tmp_path, done)
    assert "Edited" in (board / "public/jobs/job-0/index.html").read_text()


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], None]]:
    """immutable(folder): nothing can be created or replaced in it, even by root (who ignores
    permission bits, as in CI); skips where chattr does not work."""
    folders: list[Path] = []

    def make(folder: Path) -> None:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)],
                                                             capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available here")
        folders.append(folder)

    yield make
    for folder in folders:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_cache_folder_costs_one_warning(make_board, tmp_path: Path, immutable) -> None:  # noqa: ANN001
    board = make_board(board_files())
    jobboard(board)
    for folder in [board / FOLDER, *(p for p in (board / FOLDER).iterdir() if p.is_dir())]:
        immutable(folder)
    (board / "content/jobs/job-0.md").write_text(posting_md(title="Edited"))
    done = jobboard(board)
    assert_built_with_one_warning(board, tmp_path, done)
    assert "Edited" in (board / "public/jobs/job-0/index.html").read_text()


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """full_disk(folder): mounts a tiny tmpfs there and fills it; skips where mount is refused."""
    mounted: list[Path] = []

    def make(folder: Path) -> None:
        folder.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a tmpfs here")
        mounted.append(folder)
        try:
            with open(folder / "filler", "wb") as f:
                while True:
                    f.write(b"\0" * 4096)
                    f.flush()
        except OSError:  # full
            pass

    yield make
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_under_the_cache_costs_one_warning(make_board, tmp_path: Path, full_disk) -> None:  # noqa: ANN001
    board = make_board(board_files())
    full_disk(board / FOLDER)
    done = jobboard(board)
    assert_built_with_one_warning(board, tmp_path, done)
    assert "No space left on device" in done.stderr


def test_a_cache_saved_by_worker_processes_warns_once(make_board, tmp_path: Path) -> None:
    """On a board large enough for worker processes, the parse results are saved in a forked
    process while the site renders, and the search index's state by the worker that makes it:
    their failures too end in the one warning, not a traceback or a failed build."""
    from builder.output.parallel import MIN_ITEMS

    board = make_board(board_files(MIN_ITEMS))
    (board / FOLDER).write_text("not a folder")
    done = jobboard(board)
    assert_built_with_one_warning(board, tmp_path, done)


def test_a_cache_folder_that_is_a_link_is_not_written_through(make_board: Callable[..., Path], tmp_path: Path) -> None:
    board = make_board()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (board / ".jobboard-cache").symlink_to(elsewhere)
    done = subprocess.run([sys.executable, "-m", "builder", "build"], cwd=board, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "jobboard: warning: cache not saved:" in done.stderr and "symbolic link" in done.stderr
    assert list(elsewhere.iterdir()) == []  # nothing of the board's text went through the link
    assert "<h1>Backend Engineer</h1>" in (board / "public/jobs/backend/index.html").read_text()
