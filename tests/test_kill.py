"""`jobboard build` killed with SIGKILL at any moment: no process of it stays behind (its workers
would otherwise hold the caller's stdout open, so `jobboard build | tee log` never ended), and
the next build removes what it left and writes the same site as a clean build."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import synth  # noqa: E402  (bench/synth.py: the benchmarks' synthetic boards)

POSTINGS = 2000  # parsed and rendered by 2 worker processes, the cache saved by a third
KILL_AFTER = (0.3, 1.0)  # seconds: while starting or parsing, while parsing or rendering
WRITING = "while writing"  # once its staging folder is there


def start(board: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "builder", "build", *args], cwd=board, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def alive_in_group(group: int) -> list[int]:
    """Processes of a process group that have not ended (zombies have)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_bytes().rpartition(b")")[2].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != b"Z":
                found.append(int(entry))
    return found


def stdout_closed_within(build: subprocess.Popen[bytes], seconds: float) -> bool:
    """Whether every holder of the build's stdout lets go in time, as `| tee` needs."""
    assert build.stdout is not None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([build.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if ready and not os.read(build.stdout.fileno(), 65536):
            return True
    return False


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def staging_of(board: Path) -> list[str]:
    return [name for name in os.listdir(board) if name.startswith(".public.")]


def kill_when(build: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not ready() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()


def test_a_killed_build_leaves_nothing_running_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    board = synth.write_board(tmp_path / "board", POSTINGS)
    groups = []
    try:
        for moment in (*KILL_AFTER, WRITING):
            started = time.monotonic()
            build = start(board)
            groups.append(build.pid)
            if moment == WRITING:
                kill_when(build, lambda: bool(staging_of(board)))
            else:
                kill_when(build, lambda: time.monotonic() - started > moment)  # noqa: B023
            assert stdout_closed_within(build, 10), f"killed {moment}: its workers hold stdout open"
            deadline = time.monotonic() + 10
            while alive_in_group(build.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert alive_in_group(build.pid) == [], f"killed {moment}: its workers are still running"
            build.stdout.close()  # type: ignore[union-attr]
    finally:  # when the test fails: leave nothing running
        for group in groups:
            for pid in alive_in_group(group):
                os.kill(pid, signal.SIGKILL)
    assert staging_of(board), "the last build was not killed while writing"

    done = subprocess.run([sys.executable, "-m", "builder", "build"], cwd=board, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert staging_of(board) == []
    clean = subprocess.run([sys.executable, "-m", "builder", "build", "--no-cache", "-o", "../clean"], cwd=board,
                           capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr[-2000:]
    built, expected = files_of(board / "public"), files_of(tmp_path / "clean")
    assert len(expected) > POSTINGS
    assert built.keys() == expected.keys()
    assert [name for name in built if built[name] != expected[name]] == []


def test_only_staging_folders_of_ended_builds_of_this_output_are_removed(make_board) -> None:  # noqa: ANN001
    board = make_board()
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead, alive = int(ended.stdout), os.getpid()
    names = {f".public.new-{dead}-abc": False, f".public.old-{dead}-123": False,  # False: removed
             f".public.new-{alive}-abc": True,  # a build still running
             ".public.new-abc": True, f".other.new-{dead}-abc": True, f"public.new-{dead}-abc": True}
    for name in names:
        (board / name).mkdir()
        (board / name / "index.html").write_text("staged")
    done = subprocess.run([sys.executable, "-m", "builder", "build"], cwd=board, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert {name: (board / name / "index.html").is_file() for name in names} == names
