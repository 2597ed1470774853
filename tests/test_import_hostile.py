"""`jobboard import` and `sync` against what a hostile server, feed or ad sends, run as users run
them: the CLI in a subprocess from inside a board, a server on 127.0.0.1 that the test starts.
Each failure is one escaped error line and exit 1; memory stays bounded; nothing is written
outside the board, nor anywhere after a failed fetch."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml

from builder.load.source import read_document
from conftest import company_md
from hostile_http import Hostile, assert_one_error, body, endless_gzip, free_port, jobboard, raw, redirect, tree

FIXTURES = Path(__file__).parent / "fixtures" / "import"
MB = 1024 * 1024
MEMORY = 250 * MB  # the peak a run may reach: Python and the import libraries, and a 20 MB body
FEED = json.loads((FIXTURES / "greenhouse-board.json").read_text())


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    server = Hostile()
    yield server
    server.close()


@pytest.fixture
def board(make_board: Callable[..., Path]) -> Iterator[Path]:
    """A board with company acme; after the test, nothing beside it has changed."""
    folder = make_board({"content/companies/acme.md": company_md()})
    beside = _beside(folder)
    yield folder
    assert _beside(folder) == beside


def _beside(board: Path) -> dict[str, bytes]:
    return {rel: data for rel, data in tree(board.parent).items() if not rel.startswith(f"{board.name}/")}


def job(**changes: Any) -> dict[str, Any]:
    """The first job of the recorded Greenhouse board, with `changes`."""
    return {**FEED["jobs"][0], **changes}


def postings(board: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((board / "content/jobs").glob("*.md")):
        doc, errors = read_document(path.read_bytes(), path.name)
        assert doc is not None, errors
        found[path.name] = doc.data
    return found


def assert_nothing_imported(board: Path) -> None:
    assert not (board / "content/jobs").exists()


# --- the size cap ---------------------------------------------------------------------------

@pytest.mark.parametrize("headers", ["Content-Length: 2147483648\r\n", "", "Transfer-Encoding: chunked\r\n"],
                         ids=["2 GB announced", "endless", "endless chunks"])
def test_a_huge_body_stops_at_the_size_cap(board: Path, hostile: Hostile, headers: str) -> None:
    block = b"10000\r\n" + b"x" * 0x10000 + b"\r\n" if "chunked" in headers else None
    hostile.routes["/feed"] = hostile.endless(headers=headers, **({"block": block} if block else {}))
    run = jobboard(board, "import", f"{hostile.url}/feed")
    assert_one_error(run, f"{hostile.url}/feed: the body is larger than 20 MB", "; --max-size raises the limit")
    assert run.peak_rss < MEMORY
    assert_nothing_imported(board)


def test_the_size_cap_is_an_option(board: Path, hostile: Hostile) -> None:
    hostile.routes["/feed"] = body(b" " * (2 * MB) + json.dumps(job()).encode())
    assert_one_error(jobboard(board, "import", "--max-size", "1", f"{hostile.url}/feed"), "larger than 1 MB")
    assert jobboard(board, "import", "--max-size", "3", f"{hostile.url}/feed").returncode == 0
    assert list(postings(board)) == ["acme-co-senior-backend-engineer-go.md"]


def test_a_gzip_body_is_read_within_the_cap(board: Path, hostile: Hostile) -> None:
    hostile.routes["/feed"] = body(zlib.compress(json.dumps(job()).encode(), wbits=31), headers="Content-Encoding: gzip\r\n")
    hostile.routes["/bomb"] = endless_gzip(30 * MB)  # 30 MB of zeros, some 30 KB sent
    assert jobboard(board, "import", f"{hostile.url}/feed").returncode == 0
    assert list(postings(board)) == ["acme-co-senior-backend-engineer-go.md"]
    run = jobboard(board, "import", f"{hostile.url}/bomb")
    assert_one_error(run, "the body is larger than 20 MB once uncompressed")
    assert run.peak_rss < MEMORY


# --- the deadline ---------------------------------------------------------------------------

@pytest.mark.parametrize("status, headers", [("200 OK", "Content-Length: 1000000\r\n"), ("200 OK", "")],
                         ids=["announced body", "endless body"])
def test_a_drip_ends_at_the_deadline(board: Path, hostile: Hostile, status: str, headers: str) -> None:
    hostile.routes["/feed"] = hostile.endless(status, headers, every=0.2, block=b"x")
    run = jobboard(board, "import", "--timeout", "2", f"{hostile.url}/feed", timeout=30)
    assert_one_error(run, "no complete answer within 2 s (--timeout)")
    assert_nothing_imported(board)


def test_headers_dripped_a_byte_at_a_time_end_at_the_deadline(board: Path, hostile: Hostile) -> None:
    def drip(handler: Any) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        while not hostile.closing.is_set():
            handler.wfile.write(b"X")
            handler.wfile.flush()
            hostile.closing.wait(0.2)
    hostile.routes["/feed"] = drip
    run = jobboard(board, "import", "--timeout", "2", f"{hostile.url}/feed", timeout=30)
    assert_one_error(run, "no complete answer within 2 s (--timeout)")


# --- redirects ------------------------------------------------------------------------------

def test_a_redirect_may_not_reach_a_private_service(make_board: Callable[..., Path], hostile: Hostile) -> None:
    intranet = Hostile()  # another port of this machine: a service only it can reach
    intranet.routes["/secret"] = body(json.dumps(job(title="Secret")).encode())
    hostile.routes["/feed"] = redirect(f"http://127.0.0.1:{intranet.server.server_address[1]}/secret")
    hostile.routes["/good"] = body(json.dumps(FEED).encode())
    try:
        board = make_board({}, site={"sync": [{"greenhouse": "evil", "url": f"{hostile.url}/feed"},
                                              {"greenhouse": "acmeco", "url": f"{hostile.url}/good"}]})
        run = jobboard(board, "sync")
        assert_one_error(run, "sync: greenhouse evil: ", "redirected to http://127.0.0.1:", "127.0.0.1 is at 127.0.0.1, a private, "
                         "loopback or link-local address; a redirect may not lead there")
        assert intranet.asked == []
    finally:
        intranet.close()
    assert len(postings(board)) == 3 and "Secret" not in str(postings(board))  # the next feed still ran


@pytest.mark.parametrize("location, message", [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is at 169.254.169.254, a private"),
    ("http://localhost:{port}/secret", "localhost is at "),
    ("http://[::1]:{port}/secret", "::1 is at ::1, a private"),
    ("http://10.0.0.1/", "10.0.0.1 is at 10.0.0.1, a private"),
    ("ftp://127.0.0.1/feed.json", "redirected to ftp://127.0.0.1/feed.json: only http and https URLs can be fetched"),
    ("file:///etc/passwd", "redirected to file:///etc/passwd: only http and https URLs can be fetched"),
    ("http://[::1/", "redirected to http://[::1/: not a valid URL (Invalid IPv6 URL)"),
], ids=["link-local", "localhost", "IPv6 loopback", "private", "ftp", "file", "unclosed bracket"])
def test_a_redirect_is_checked(board: Path, hostile: Hostile, location: str, message: str) -> None:
    hostile.routes["/feed"] = redirect(location.format(port=free_port()))
    assert_one_error(jobboard(board, "import", f"{hostile.url}/feed"), message)
    assert hostile.asked == ["/feed"]
    assert_nothing_imported(board)


def test_a_redirect_within_the_given_address_is_followed(board: Path, hostile: Hostile) -> None:
    hostile.routes["/old"] = redirect("/feed", "301 Moved Permanently")
    hostile.routes["/feed"] = body(json.dumps(job()).encode())
    run = jobboard(board, "import", f"{hostile.url}/old")
    assert run.returncode == 0, run.stderr
    assert list(postings(board)) == ["acme-co-senior-backend-engineer-go.md"]


def test_a_redirect_loop_is_one_line(board: Path, hostile: Hostile) -> None:
    hostile.routes["/loop"] = redirect("/loop")
    assert_one_error(jobboard(board, "import", f"{hostile.url}/loop"), "redirected more than 5 times")
    assert len(hostile.asked) == 6


# --- broken answers -------------------------------------------------------------------------

HEADERS_101 = "".join(f"X-{i}: {i}\r\n" for i in range(101))
BROKEN = {
    "Retry-After: ²": (raw("HTTP/1.1 503 Busy\r\nRetry-After: ²\r\nContent-Length: 0\r\n\r\n".encode()),
                       "the server answered 503 Busy"),
    "bad status line": (raw(b"HTTP/1.1 abc\r\n\r\n"), "cannot fetch: "),
    "not HTTP at all": (raw(b"\x00\x01\x02 hello\r\n\r\n"), "cannot fetch: "),
    "over 100 headers": (raw(f"HTTP/1.1 200 OK\r\n{HEADERS_101}\r\n".encode()), "got more than 100 headers"),
    "truncated body": (raw(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"jobs\": ["),
                       "the connection closed after 10 of the 1,000 bytes announced"),
    "bad chunk": (raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n"), "cannot fetch: IncompleteRead"),
    "reason with escapes": (raw(b"HTTP/1.1 404 Gone\x1b[2J\x1b]0;owned\x07\r\nContent-Length: 0\r\n\r\n"),
                            "the server answered 404 Gone\\x1b[2J\\x1b]0;owned\\x07"),
    "compressed as br": (body(b"{}", headers="Content-Encoding: br\r\n"), "compressed as 'br'"),
    "redirect without a Location": (raw(b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"), "with no Location"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_answer_is_one_line(board: Path, hostile: Hostile, case: str) -> None:
    hostile.routes["/feed"], message = BROKEN[case]
    assert_one_error(jobboard(board, "import", "--timeout", "3", f"{hostile.url}/feed", timeout=30), message)
    assert_nothing_imported(board)


@pytest.mark.parametrize("url, message", [
    ("http://[::1", "not a valid URL (Invalid IPv6 URL)"),
    ("http://127.0.0.1:99999/", "not a valid URL (Port out of range 0-65535)"),
    ("http:///feed", "has no host"),
    ("ftp://127.0.0.1/feed", "only http and https URLs can be fetched"),
])
def test_a_bad_url_is_one_line(board: Path, url: str, message: str) -> None:
    assert_one_error(jobboard(board, "import", url), f"{url}: {message}")


def test_a_closed_port_is_one_line(board: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/feed"
    assert_one_error(jobboard(board, "import", "--timeout", "2", url, timeout=30), f"{url}: cannot connect to 127.0.0.1")


# --- what a feed's values hold --------------------------------------------------------------

INJECTIONS = {
    "applyUrl": "https://a.example/X\n---\ndraft: false\n",
    "text": "Engineer\u2028---\u2028draft: false",
    "hostedUrl": "https://jobs.lever.co/acme/1\r\n---\r\nsource: {kind: text}\n",
    "salaryDescriptionPlain": "€1\x85---\x85title: Pwned\x1b[2J",
}


@pytest.mark.parametrize("key", INJECTIONS)
def test_feed_values_cannot_end_the_front_matter(make_board: Callable[..., Path], hostile: Hostile, key: str) -> None:
    posting = {**json.loads((FIXTURES / "lever-postings.json").read_text())[0], key: INJECTIONS[key]}
    hostile.routes["/postings"] = body(json.dumps([posting]).encode())
    board = make_board({"content/companies/acme.md": company_md()},
                       site={"sync": [{"lever": "acme", "company": "acme", "url": f"{hostile.url}/postings"}]})
    for _ in range(2):
        run = jobboard(board, "sync")
        assert run.returncode == 0, run.stderr
        assert "\x1b" not in run.stdout
    (name, data), = postings(board).items()  # the second sync found the first's posting: no -2.md
    assert data["source"]["kind"] == "lever" and data["source"]["id"] == f"acme/{posting['id']}"
    assert set(data) <= {"title", "company", "date_posted", "employment_type", "locations", "remote", "salary",
                         "salary_text", "skills", "apply", "draft", "source"}
    assert "Pwned" not in str(data.get("title"))
    if key == "applyUrl":
        assert data["draft"] is True and "apply" not in data
    doc, _ = read_document((board / "content/jobs" / name).read_bytes(), name)
    assert doc is not None and "draft: false" not in doc.body and "kind: text" not in doc.body


def test_a_feed_value_reaches_the_terminal_escaped(board: Path, hostile: Hostile) -> None:
    hostile.routes["/feed"] = body(json.dumps(job(absolute_url="https://a.example/\x1b[2J\x1b[31m")).encode())
    assert jobboard(board, "import", f"{hostile.url}/feed").returncode == 0
    again = jobboard(board, "import", f"{hostile.url}/feed")
    assert "already imported from https://a.example/\\x1b[2J\\x1b[31m" in again.stdout
    assert "\x1b" not in again.stdout + again.stderr


# --- where files go -------------------------------------------------------------------------

def test_a_sync_company_is_a_slug(make_board: Callable[..., Path], hostile: Hostile) -> None:
    hostile.routes["/feed"] = body(json.dumps(FEED).encode())
    board = make_board({}, site={"sync": [{"greenhouse": "acme", "company": "../../../outside", "url": f"{hostile.url}/feed"},
                                          {"lever": "a/../b"}]})
    lines = [f"site.yml:6: sync[0].company: '../../../outside' is not a slug: use lowercase letters, digits and hyphens",
             "site.yml:8: sync[1].lever: 'a/../b' is not a feed name: letters, digits, '.', '_' and '-'"]
    for command in ("check", "sync"):
        run = jobboard(board, command)
        assert run.returncode == 1 and run.stderr.splitlines()[:-1] == lines, run.stderr
    assert hostile.asked == [] and not (board / "content").exists()
    assert not (board.parent / "outside.md").exists()


def test_nothing_is_written_through_a_link_out_of_content(board: Path, hostile: Hostile, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (board / "content/jobs").symlink_to(elsewhere)
    hostile.routes["/feed"] = body(json.dumps(job()).encode())
    assert_one_error(jobboard(board, "import", f"{hostile.url}/feed"),
                     "content/jobs/acme-co-senior-backend-engineer-go.md is outside content/; nothing written")
    assert list(elsewhere.iterdir()) == []


# --- feed shapes ----------------------------------------------------------------------------

SHAPES: dict[str, tuple[Any, dict[str, Any] | str]] = {
    "Greenhouse location as text": (job(location="Berlin, DE", offices=[]), {"locations": ["Berlin, BE, DE"]}),
    "Greenhouse min_cents as text": (job(pay_input_ranges=[{"min_cents": "15000000", "max_cents": "18000000",
                                                            "currency_type": "USD"}]),
                                     {"salary": [{"min": 150000, "max": 180000, "currency": "USD", "period": "YEAR"}]}),
    "Greenhouse offices of numbers": (job(offices=[1, None, {"location": {"name": "Denver, CO"}}]),
                                      {"locations": ["Denver, CO, US"]}),
    "deeply nested JSON": ("[" * 100_000 + "]" * 100_000, "JSON nested more than 100 levels deep"),
    "JSON nested 101 deep": ("[" * 101 + "]" * 101, "JSON nested more than 100 levels deep"),
    "HTML 3,000 lists deep": (job(content="<ul><li>" * 3000 + "x"), "HTML nested more than 100 levels deep"),
    "a description that looks like a URL": (job(content="https://a.example/jobs/1"), {"title": "Senior Backend Engineer (Go)"}),
}


@pytest.mark.parametrize("case", SHAPES, ids=list(SHAPES))
def test_a_feed_shape_is_a_posting_or_one_line(board: Path, case: str) -> None:
    feed, expected = SHAPES[case]
    (board / "feed.json").write_text(feed if isinstance(feed, str) else json.dumps(feed))
    run = jobboard(board, "import", "feed.json")
    if isinstance(expected, str):
        assert_one_error(run, f"feed.json: {expected}")
        return
    assert run.returncode == 0 and run.stderr == "", run.stderr
    (data,) = postings(board).values()
    assert {key: data.get(key) for key in expected} == expected


@pytest.mark.parametrize("changes, expected", [
    ({"categories": ["Hamburg", "Contract"]}, {"title": "Site Reliability Engineer", "remote": "hybrid"}),
    ({"createdAt": 1e20}, {"date_posted": "2026-11-22"}),  # past the year 9999: the import date
    ({"createdAt": float("nan"), "salaryRange": {"min": "Infinity", "max": 1e400}}, {"date_posted": "2026-11-22"}),
    ({"lists": "none", "text": ["a list"], "hostedUrl": {"x": 1}}, {}),
], ids=["categories as a list", "createdAt 1e20", "NaN and infinity", "lists, text and hostedUrl of other kinds"])
def test_a_lever_shape_is_a_posting_or_one_line(board: Path, changes: dict[str, Any], expected: dict[str, Any]) -> None:
    posting = {**json.loads((FIXTURES / "lever-postings.json").read_text())[0], **changes}
    (board / "feed.json").write_text(json.dumps([posting]))
    run = jobboard(board, "import", "feed.json", "--company", "acme")
    if not expected:
        assert_one_error(run, "title: not found in the ad; nothing written")
        return
    assert run.returncode == 0, run.stderr
    (data,) = postings(board).values()
    assert {key: data.get(key) for key in expected} == expected


def test_one_feed_failing_in_any_way_leaves_the_others(make_board: Callable[..., Path], hostile: Hostile,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever one feed's reading raises, a bug included, the feeds after it are synced."""
    from builder.cli import main
    from builder.importing import greenhouse

    hostile.routes["/bad"] = body(json.dumps(job(title="Breaks the reader")).encode())
    hostile.routes["/good"] = body(json.dumps(FEED).encode())
    board = make_board({}, site={"sync": [{"greenhouse": "bad", "url": f"{hostile.url}/bad"},
                                          {"greenhouse": "acmeco", "url": f"{hostile.url}/good"}]})
    read = greenhouse._ad

    def broken(record: dict[str, Any], name: str) -> Any:
        if record.get("title") == "Breaks the reader":
            raise KeyError("a bug")
        return read(record, name)
    monkeypatch.setattr(greenhouse, "_ad", broken)
    monkeypatch.chdir(board)
    assert main(["sync"]) == 1
    out, err = capsys.readouterr()
    assert err == (f"jobboard: error: sync: greenhouse bad: {hostile.url}/bad: jobboard failed to read it "
                   "(KeyError: 'a bug'); please report this\n")
    assert "Synced greenhouse acmeco: 3 postings in the feed" in out and len(postings(board)) == 3


# --- ads too big to read in time ------------------------------------------------------------

def test_a_23_mb_text_ad_is_refused_at_once(board: Path) -> None:
    with (board / "ad.txt").open("w") as ad:
        for _ in range(23 * 16):
            ad.write("Salary: $100,000 - $120,000 per year in Berlin, DE. Python, Go.\n" * 1024)
    run = jobboard(board, "import", "ad.txt", timeout=30)
    assert_one_error(run, "ad.txt: is 23.0 MB, larger than the 20 MB an import reads (--max-size)")
    (board / "ad.txt").write_text("Engineer\n\n" + "Pay 1\n" * 100_000)
    assert_one_error(jobboard(board, "import", "ad.txt", timeout=30),
                     "ad.txt: an ad of 600,010 characters is longer than jobboard reads (500,000)")


@pytest.mark.parametrize("text, error", [
    ("Engineer at Acme\n\nBerlin, DE\n\n" + "".join(f"Level {i}: 5{i % 10} - 6{i % 10} EUR\n" for i in range(12_000)), ""),
    ("<html><body>" + "<script " * 150_000, "HTML nested more than 100 levels deep"),
    ("<html><body>" + '<script type="application/ld+json">' * 40_000, "HTML nested more than 100 levels deep"),
    ("<html><body><p>" + "<h1>x" * 150_000, "HTML nested more than 100 levels deep"),
], ids=["12,000 lines of numbers", "unclosed scripts", "unclosed JSON-LD", "unclosed headings"])
def test_a_large_ad_is_read_in_linear_time(board: Path, text: str, error: str) -> None:
    """Each of these took minutes (a pattern or a loop ran over the whole ad once per line or
    tag); they end in seconds now. The generous bound is for safety, not speed."""
    (board / "ad.html").write_text(text)
    run = jobboard(board, "import", "ad.html", "--dry-run", timeout=60)
    if error:
        assert_one_error(run, f"ad.html: {error}")
    else:
        assert run.returncode == 0 and "Would write content/jobs/engineer-at-acme.md (draft)" in run.stdout


# --- the command line -----------------------------------------------------------------------

def test_options_may_come_between_board_and_sources(board: Path, hostile: Hostile) -> None:
    hostile.routes["/feed"] = body(json.dumps(job()).encode())
    run = jobboard(board.parent, "import", board.name, "--dry-run", f"{hostile.url}/feed", "--company", "acme")
    assert run.returncode == 0, run.stderr
    assert "Would write content/jobs/acme-senior-backend-engineer-go.md" in run.stdout
    assert_nothing_imported(board)
    run = jobboard(board.parent, "import", board.name, "--no-such-option", f"{hostile.url}/feed")
    assert run.returncode == 2 and "unrecognized arguments: --no-such-option" in run.stderr


@pytest.mark.parametrize("option", ["--max-size=0", "--max-size=x", "--timeout=-1", "--timeout=nan", "--timeout=inf"])
def test_fetch_limits_must_be_numbers(board: Path, option: str) -> None:
    run = jobboard(board, "sync", option)
    assert run.returncode == 2 and "expected a number above 0" in run.stderr and "Traceback" not in run.stderr


def test_site_yml_sync_entries_are_checked(make_board: Callable[..., Path]) -> None:
    board = make_board({}, site={"sync": [{"jsonld": "ftp://example.org/job"}]})
    run = jobboard(board, "check")
    assert run.returncode == 1 and "sync[0].jsonld: 'ftp://example.org/job' must be an http(s) URL" in run.stderr
    assert yaml.safe_load((board / "site.yml").read_text())["sync"]  # untouched
