"""`jobboard import` and `jobboard sync`, run as users run them: the CLI in a subprocess from
inside a board, ads and recorded ATS responses from tests/fixtures/import/, feeds served by a
server on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from builder.load.source import read_document

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"
MOJIBAKE = re.compile("â€|ðŸ|Ã©|Ã¼|Â ")


def jobboard(board: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=board, capture_output=True, text=True, timeout=120)


def front(path: Path) -> dict[str, Any]:
    doc, errors = read_document(path.read_bytes(), path.name)
    assert doc is not None, errors
    return doc.data


def body(path: Path) -> str:
    doc, _ = read_document(path.read_bytes(), path.name)
    return doc.body if doc else ""


@pytest.fixture
def board(make_board) -> Path:  # noqa: ANN001
    return make_board({})


def test_the_seed_ads_match_the_hand_made_postings(board: Path) -> None:
    seeds = board.parent / "seeds"
    shutil.copytree(FIXTURES / "seeds", seeds)
    # `jobboard import BOARD SOURCE...`, from beside the board: a first folder is the board
    result = jobboard(board.parent, "import", board.name, *sorted(f"seeds/{p.name}" for p in seeds.iterdir()))
    assert result.returncode == 0, result.stderr
    jobs = board / "content" / "jobs"
    imported = {front(p)["company"]: p for p in jobs.glob("*.md")}
    assert set(imported) == {"olo", "otter-ai"}
    for slug, hand_made in (("olo", "olo-sdse.md"), ("otter-ai", "otter-ai-senior-backend-engineer.md")):
        got, want = front(imported[slug]), front(REPO / "content" / "jobs" / hand_made)
        assert got["title"] == want["title"]
        assert got["salary"] == want["salary"]  # both Olo levels, with currency and period
        assert set(want["skills"]) <= set(got["skills"])
        text = imported[slug].read_text()
        assert not MOJIBAKE.search(text)
        paragraphs = [" ".join(p.split()) for p in body(imported[slug]).split("\n\n") if len(p) > 40]
        assert len(paragraphs) == len(set(paragraphs)), "a paragraph is repeated"
        assert "CLICK TO" not in text
    olo = front(imported["olo"])
    assert olo["remote"] == "remote" and olo["remote_eligible"] == ["US"] and "draft" not in olo
    assert olo["locations"] == ["New York, NY, US"]
    assert olo["salary_text"] == front(REPO / "content/jobs/olo-sdse.md")["salary_text"]
    assert set(olo["skills"]) == set(front(REPO / "content/jobs/olo-sdse.md")["skills"])
    # the Otter ad names neither an apply link nor where or how one works: not invented, a draft
    otter = imported["otter-ai"]
    assert front(otter)["draft"] is True and "remote" not in front(otter) and "apply" not in front(otter)
    assert "#   apply: not found in the ad" in otter.read_text()
    rel = f"content/jobs/{otter.name}"
    assert f"{rel}: apply: not found in the ad" in result.stdout
    assert f"{rel}: remote: the ad does not say remote, hybrid or onsite" in result.stdout
    assert front(board / "content/companies/olo.md") == {"name": "Olo", "website": "https://www.olo.com"}
    assert front(board / "content/companies/otter-ai.md")["website"] == "https://otter.ai"
    # every posting that is not a draft passes check: only the draft is reported
    check = jobboard(board, "check")
    assert {line.split(":")[0] for line in check.stderr.splitlines()[:-1]} == {rel}


def _import(board: Path, fixture: str, *args: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(FIXTURES / fixture, board / fixture)
    return jobboard(board, "import", fixture, *args)


def test_a_greenhouse_board_response(board: Path) -> None:
    result = _import(board, "greenhouse-board.json")
    assert result.returncode == 0, result.stderr
    jobs = {p.stem: front(p) for p in (board / "content/jobs").glob("*.md")}
    assert set(jobs) == {"acme-co-senior-backend-engineer-go", "acme-co-frontend-engineer", "acme-co-data-engineer"}
    go = jobs["acme-co-senior-backend-engineer-go"]
    assert go["salary"] == [{"min": 150000, "max": 180000, "currency": "USD", "period": "YEAR"}]
    assert go["locations"] == ["Denver, CO, US"] and go["remote"] == "hybrid" and go["date_posted"] == "2026-11-03"
    assert go["skills"] == ["Go", "PostgreSQL", "Kubernetes", "AWS"] and go["employment_type"] == "FULL_TIME"
    assert go["source"]["kind"] == "greenhouse" and go["source"]["id"] == "acmeco/4012001"
    assert "track()" not in (board / "content/jobs/acme-co-senior-backend-engineer-go.md").read_text()
    front_end = jobs["acme-co-frontend-engineer"]
    assert front_end["remote"] == "remote" and front_end["remote_eligible"] == ["US"]
    assert front_end["skills"] == ["TypeScript", "React", "Node.js"]
    assert jobs["acme-co-data-engineer"]["salary"][0]["currency"] == "NZD"
    assert jobs["acme-co-data-engineer"]["locations"] == ["Auckland, NZ"]
    assert front(board / "content/companies/acme-co.md")["name"] == "Acme Co"
    assert jobboard(board, "check").returncode == 0


def test_lever_and_ashby_need_the_company_they_do_not_name(board: Path) -> None:
    (board / "content/companies").mkdir(parents=True)
    (board / "content/companies/fahrwerk.md").write_text("---\nname: Fahrwerk\nwebsite: https://fahrwerk.example\n---\n")
    (board / "content/companies/quillstone.md").write_text("---\nname: Quillstone\nwebsite: https://quill.example\n---\n")
    assert _import(board, "lever-postings.json", "--company", "fahrwerk").returncode == 0
    assert _import(board, "ashby-board.json", "--company", "quillstone").returncode == 0
    sre = front(board / "content/jobs/fahrwerk-site-reliability-engineer.md")
    assert sre["employment_type"] == "CONTRACTOR" and sre["remote"] == "hybrid"
    assert sre["salary"] == [{"min": 600, "max": 750, "currency": "EUR", "period": "DAY"}]
    assert sre["locations"] == ["Hamburg, HH, DE"] and sre["salary_text"] == "Day rate €600–€750"
    staff = front(board / "content/jobs/quillstone-staff-software-engineer.md")
    assert [b["level"] for b in staff["salary"]] == ["Staff I", "Staff II"]
    assert staff["salary"][1] == {"level": "Staff II", "min": 105000, "max": 120000, "currency": "GBP", "period": "YEAR"}
    assert staff["locations"] == ["London, England, GB", "Manchester, GB"] and staff["remote"] == "hybrid"
    assert jobboard(board, "check").returncode == 0


def test_json_ld_and_a_saved_career_page(board: Path) -> None:
    assert _import(board, "jsonld-page.html").returncode == 0
    assert _import(board, "career-page.html").returncode == 0
    ml = front(board / "content/jobs/thistle-finch-machine-learning-engineer.md")
    assert ml["remote"] == "remote" and ml["remote_eligible"] == ["DE", "AT"] and ml["valid_through"] == "2027-01-31"
    assert ml["salary"] == [{"min": 70000, "max": 90000, "currency": "EUR", "period": "YEAR"}]
    assert front(board / "content/companies/thistle-finch.md")["website"] == "https://thistlefinch.example"
    page = board / "content/jobs/alpenfirn-platform-engineer.md"
    platform = front(page)
    assert platform["locations"] == ["Zurich, CH"] and platform["remote"] == "onsite"
    assert platform["apply"] == "https://alpenfirn.example/jobs/42/apply"
    assert platform["salary"] == [{"min": 120000, "max": 140000, "currency": "CHF", "period": "YEAR"}]
    assert "steal" not in page.read_text() and "tracking" not in page.read_text() and "Apply now" not in page.read_text()
    assert jobboard(board, "check").returncode == 0


def test_never_overwrites_and_updates_only_what_nobody_edited(board: Path) -> None:
    assert _import(board, "career-page.html").returncode == 0
    posting = board / "content/jobs/alpenfirn-platform-engineer.md"
    first = posting.read_text()
    again = jobboard(board, "import", "career-page.html")
    assert "Skipped content/jobs/alpenfirn-platform-engineer.md: already imported" in again.stdout
    assert posting.read_text() == first and len(list((board / "content/jobs").iterdir())) == 1
    page = board / "career-page.html"
    page.write_text(page.read_text().replace("CHF 120,000", "CHF 125,000"))
    assert "Updated content/jobs/alpenfirn-platform-engineer.md" in jobboard(board, "import", "career-page.html", "--update").stdout
    assert front(posting)["salary"][0]["min"] == 125000
    posting.write_text(posting.read_text().replace("Platform Engineer", "Senior Platform Engineer", 1))
    edited = posting.read_text()
    page.write_text(page.read_text().replace("CHF 125,000", "CHF 130,000"))
    result = jobboard(board, "import", "career-page.html", "--update")
    assert "Left content/jobs/alpenfirn-platform-engineer.md alone: edited since it was imported" in result.stdout
    assert posting.read_text() == edited


def test_a_hand_written_posting_with_the_same_slug_is_kept(board: Path) -> None:
    assert _import(board, "career-page.html").returncode == 0
    posting = board / "content/jobs/alpenfirn-platform-engineer.md"
    hand = posting.read_text().split("source:")[0] + "---\nWritten by hand.\n"
    posting.write_text(hand)
    assert jobboard(board, "import", "career-page.html").returncode == 0
    assert posting.read_text() == hand
    assert (board / "content/jobs/alpenfirn-platform-engineer-2.md").is_file()


def test_dry_run_writes_nothing(board: Path) -> None:
    result = _import(board, "greenhouse-board.json", "--dry-run")
    assert result.returncode == 0
    assert "Would write content/jobs/acme-co-data-engineer.md" in result.stdout
    assert "Would write content/companies/acme-co.md" in result.stdout
    assert not (board / "content").exists()


def test_import_usage(board: Path) -> None:
    result = jobboard(board.parent, "import", board.name)
    assert result.returncode == 2 and result.stderr == "jobboard: error: import needs a SOURCE: a file or an http(s) URL\n"
    result = jobboard(board.parent, "import", "--board", "nowhere", "ad.txt")
    assert result.returncode == 2 and result.stderr == "jobboard: error: board folder nowhere does not exist\n"


def test_bad_sources_are_clear_errors(board: Path) -> None:
    (board / "notes.json").write_text('{"hello": 1}')
    result = jobboard(board, "import", "missing.txt", "notes.json", "ftp://example.org/ad.txt")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "jobboard: error: missing.txt: no such file",
        "jobboard: error: notes.json: JSON that is neither a Greenhouse, Lever or Ashby response nor a JobPosting",
        "jobboard: error: ftp://example.org/ad.txt: only http and https URLs can be fetched",
    ]
    assert "Traceback" not in result.stderr


class Feeds:
    """A loopback server answering each path with the JSON the test sets, 404 otherwise."""

    def __init__(self) -> None:
        self.routes: dict[str, Any] = {}
        feeds = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                if path not in feeds.routes:
                    self.send_error(404)
                    return
                route = feeds.routes[path]
                data = route.encode() if isinstance(route, str) else json.dumps(route).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html" if isinstance(route, str) else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def feeds() -> Iterator[Feeds]:
    server = Feeds()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_sync_imports_updates_closes_and_leaves_hand_edits_alone(make_board, feeds: Feeds) -> None:  # noqa: ANN001
    board_data = json.loads((FIXTURES / "greenhouse-board.json").read_text())
    feeds.routes["/v1/boards/acmeco/jobs"] = board_data
    site = {"sync": [{"greenhouse": "acmeco", "url": f"{feeds.url}/v1/boards/acmeco/jobs?content=true"},
                     {"lever": "gone", "company": "acme-co", "url": f"{feeds.url}/v0/postings/gone?mode=json"}]}
    board = make_board({}, site=site)
    first = jobboard(board, "sync")
    assert first.returncode == 1  # the Lever feed fails; the Greenhouse one is still synced
    assert first.stderr.splitlines() == [
        f"jobboard: error: sync: lever gone: {feeds.url}/v0/postings/gone?mode=json: the server answered 404 Not Found"]
    jobs = board / "content/jobs"
    assert len(list(jobs.glob("*.md"))) == 3
    backend, frontend, data = (jobs / f"acme-co-{s}.md" for s in ("senior-backend-engineer-go", "frontend-engineer", "data-engineer"))
    data.write_text(data.read_text().replace("Join our Auckland office", "Join our lovely Auckland office"))
    hand_edited = data.read_text()

    board_data["jobs"] = [job for job in board_data["jobs"] if job["id"] != 4012001]
    board_data["jobs"][0]["title"] = "Senior Frontend Engineer"
    board_data["jobs"][1]["content"] += "&lt;p&gt;New paragraph.&lt;/p&gt;"
    (board / "site.yml").write_text(yaml.safe_dump({**yaml.safe_load((board / "site.yml").read_text()),
                                                    "sync": site["sync"][:1]}))
    second = jobboard(board, "sync")
    assert second.returncode == 0, second.stderr
    assert front(backend)["valid_through"] == "2026-11-22"  # closed, not deleted
    assert "Closed content/jobs/acme-co-senior-backend-engineer-go.md: no longer in the feed" in second.stdout
    assert front(frontend)["title"] == "Senior Frontend Engineer"  # updated, under its first slug
    assert "Updated content/jobs/acme-co-frontend-engineer.md" in second.stdout
    assert data.read_text() == hand_edited
    assert "Left content/jobs/acme-co-data-engineer.md alone: edited since it was imported" in second.stdout
    assert len(list(jobs.glob("*.md"))) == 3
    third = jobboard(board, "sync")
    assert "Closed" not in third.stdout and "Updated" not in third.stdout
    assert jobboard(board, "check").returncode == 0


def test_sync_closes_a_json_ld_page_that_is_gone(make_board, feeds: Feeds) -> None:  # noqa: ANN001
    feeds.routes["/jobs/ml"] = (FIXTURES / "jsonld-page.html").read_text()
    board = make_board({}, site={"sync": [{"jsonld": f"{feeds.url}/jobs/ml"}]})
    first = jobboard(board, "sync")
    assert first.returncode == 0, first.stderr
    posting = board / "content/jobs/thistle-finch-machine-learning-engineer.md"
    assert front(posting)["source"]["id"] == f"{feeds.url}/jobs/ml"
    del feeds.routes["/jobs/ml"]
    second = jobboard(board, "sync")
    assert second.returncode == 0, second.stderr
    assert front(posting)["valid_through"] == "2026-11-22"
    assert "Synced jsonld" in second.stdout and "0 postings in the feed" in second.stdout


def test_sync_without_feeds_is_a_usage_error(board: Path) -> None:
    result = jobboard(board, "sync")
    assert result.returncode == 2 and result.stderr == "jobboard: error: site.yml lists no feeds under sync:\n"


def test_a_bad_sync_entry_is_a_site_yml_error(make_board) -> None:  # noqa: ANN001
    board = make_board({}, site={"sync": [{"greenhouse": "a", "lever": "b"}, {"ashby": "c", "colour": "red"}]})
    result = jobboard(board, "sync")
    assert result.returncode == 1
    assert "site.yml:" in result.stderr and "sync[0]: name exactly one of greenhouse, lever, ashby, jsonld" in result.stderr
    assert "sync[1].colour: unknown field" in result.stderr


def test_what_the_validator_rejects_makes_a_draft(board: Path) -> None:
    posting = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Backend Engineer",
               "description": "<p>We build things in Berlin.</p>", "datePosted": "2026-11-02",
               "hiringOrganization": {"name": "Acme", "sameAs": "https://acme.example"},
               "jobLocation": {"address": {"addressLocality": "Berlin", "addressCountry": "DE"}},
               "jobLocationType": "TELECOMMUTE", "url": "javascript:alert(1)"}
    (board / "job.json").write_text(json.dumps(posting))
    result = jobboard(board, "import", "job.json")
    assert result.returncode == 0, result.stderr
    path = board / "content/jobs/acme-backend-engineer.md"
    assert front(path)["draft"] is True and "apply" not in front(path)
    assert "content/jobs/acme-backend-engineer.md: apply: 'javascript:alert(1)' must be an http(s) or mailto: URL" \
        in result.stdout


def test_update_keeps_the_date_an_ad_without_one_was_first_imported(board: Path, monkeypatch) -> None:  # noqa: ANN001
    assert _import(board, "career-page.html").returncode == 0
    posting = board / "content/jobs/alpenfirn-platform-engineer.md"
    assert front(posting)["date_posted"] == "2026-11-22"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795780800")  # five days later
    page = board / "career-page.html"
    page.write_text(page.read_text().replace("CHF 120,000", "CHF 125,000"))
    assert "Updated" in jobboard(board, "import", "career-page.html", "--update").stdout
    assert front(posting)["date_posted"] == "2026-11-22" and front(posting)["salary"][0]["min"] == 125000
