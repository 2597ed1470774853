"""A board's own templates arrive in pull requests from strangers, and its CI runs `jobboard check`
and `build` on them: a template reaches no Python, no file and no unbounded value. Each attack
runs through the command line from inside the board, as such a CI would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from serving import fetch, serve_command

REPO = Path(__file__).resolve().parents[1]
THEME_404 = (REPO / "templates" / "404.html").read_text(encoding="utf-8")

# Each names the file it would write, or the secret it would publish.
CODE = {
    "cycler": "{{ cycler.__init__.__globals__.os.popen('id > marker').read() }}",
    "joiner": "{{ joiner.__init__.__globals__.os.popen('id > marker').read() }}",
    "namespace": "{{ namespace.__init__.__globals__.os.popen('id > marker').read() }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('id > marker').read() }}",
    "subclasses": "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
                  "{% if c.__name__ == 'Popen' %}{{ c('id > marker', shell=True) }}{% endif %}{% endfor %}",
    "builtins": "{{ lipsum.__globals__.__builtins__.open('/etc/passwd').read() }}",
    "format": "{{ '{0.__class__.__init__.__globals__}'.format(cycler) }}",
    "mutation": "{% set _ = config.__dict__.update({'title': 'x'}) %}{{ board.companies.clear() }}",
    "a context function": "{{ posting_card.__globals__['os'].system('id > marker') }}",
}


def jobboard(board: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it: from inside the board, with relative paths."""
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=board, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    """stderr without the warnings every board made by make_board has none of, and the summary."""
    return [line for line in result.stderr.splitlines() if not line.startswith("jobboard: ")]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def with_404(make_board: Callable[..., Path], first_line: str) -> Path:
    board = make_board()
    assert jobboard(board, "build").returncode == 0  # the previous output the attack must leave alone
    (board / "templates").mkdir()
    (board / "templates" / "404.html").write_text(first_line + "\n" + THEME_404, encoding="utf-8")
    return board


@pytest.mark.parametrize("attack", CODE.values(), ids=CODE.keys())
def test_a_board_template_runs_no_python(make_board: Callable[..., Path], attack: str) -> None:
    board = with_404(make_board, attack)
    before = tree(board / "public")
    for command in ("check", "build"):
        result = jobboard(board, command)
        assert result.returncode == 1, result.stderr
        [error] = errors(result)
        assert error.startswith("templates/404.html:1: template: ")
        assert "Traceback" not in result.stderr
    assert not (board / "marker").exists()
    assert tree(board / "public") == before
    assert b"root:x:0:0" not in b"".join(tree(board).values())


def test_the_dev_server_shows_the_error_and_runs_nothing(make_board: Callable[..., Path]) -> None:
    board = with_404(make_board, CODE["cycler"])
    with serve_command(board, "--port", "0") as server:
        status, _, body = fetch(server.url() + "no-such-page/")
    assert status == 503  # the board is broken: the error page, as for any other error
    assert b"templates/404.html:1: template: access to attribute" in body
    assert not (board / "marker").exists()


# Values a template could grow without bound: each would be gigabytes of memory or of page.
GROWING = {
    "repeat": "{{ 'x' * 10**10 }}",
    "repeat a list": "{{ [1] * 10**10 }}",
    "power": "{{ 2 ** (10**9) }}",
    "percent width": "{{ '%0999999999d' % 1 }}",
    "percent star": "{{ '%*d' % (999999999, 1) }}",
    "format filter": "{{ '%999999999s'|format('x') }}",
    "str.format width": "{{ '{:999999999}'.format(1) }}",
    "str.format argument width": "{{ '{:{}}'.format(1, 999999999) }}",
    "center filter": "{{ 'x'|center(10**9) }}",
    "indent filter": "{{ ('x\\n' * 1000)|indent(10**6) }}",
    "ljust": "{{ 'x'.ljust(10**9) }}",
    "replace chain": "{{ ('x' * 1000)|replace('x', 'x' * 1000000) }}",
    "replace method": "{{ ('x' * 1000000).replace('x', 'yy') }}",
    "join": "{{ ('y' * 100000).join(range(100000)|map('string')) }}",
}


@pytest.mark.parametrize("attack", GROWING.values(), ids=GROWING.keys())
def test_a_template_cannot_grow_a_value_without_bound(make_board: Callable[..., Path], attack: str) -> None:
    board = with_404(make_board, attack)
    before = tree(board / "public")
    result = jobboard(board, "build")
    assert result.returncode == 1, result.stderr
    [error] = errors(result)
    assert error.startswith("templates/404.html:1: template: ")
    assert "1,000,000" in error or "not allowed" in error or "10,000 bits" in error
    assert tree(board / "public") == before


def test_ordinary_template_code_still_works(make_board: Callable[..., Path]) -> None:
    """What theme authors write: formatting, small repeats, loops, filters, the board's data."""
    board = with_404(make_board, "<p id=t>{{ '%-4s|' % 'ab' }}{{ '{:>4}|'.format('cd') }}{{ '-' * 3 }}"
                                 "{{ 2 ** 10 }}|{{ 'a b'|replace(' ', '_') }}|{{ 'x'|center(5) }}|"
                                 "{% for c in board.companies.values() %}{{ c.name|upper }}{% endfor %}|"
                                 "{{ ', '.join(['a', 'b']) }}</p>")
    result = jobboard(board, "build")
    assert result.returncode == 0, result.stderr
    page = (board / "public" / "404.html").read_text(encoding="utf-8")
    assert "<p id=t>ab  |  cd|---1024|a_b|  x  |ACME CORP|a, b</p>" in page
