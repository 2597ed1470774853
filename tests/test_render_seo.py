"""What search engines and link previews read: JSON-LD, sitemap, robots.txt, meta tags, assets."""

from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from builder import cli
from full_board import HOSTILE, PageParser, build_site, write_board

BASE = "https://example.org/board/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
GOOGLE_REQUIRED = ("title", "description", "datePosted", "hiringOrganization")
GOOGLE_RECOMMENDED = ("validThrough", "employmentType", "baseSalary", "identifier", "directApply")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("seo")
    return build_site(write_board(root / "board"), root / "out")


def parsed(site: dict[str, bytes], path: str) -> PageParser:
    return PageParser(site[path].decode("utf-8"))


def job_posting(site: dict[str, bytes], slug: str) -> dict:
    blocks = parsed(site, f"jobs/{slug}/index.html").json_ld()
    assert [b["@type"] for b in blocks] == ["JobPosting"]
    return blocks[0]


def assert_google_valid(ld: dict) -> None:
    assert ld["@context"] in ("https://schema.org", "https://schema.org/")
    for prop in GOOGLE_REQUIRED:
        assert ld.get(prop), f"required {prop} missing"
    assert ld["hiringOrganization"]["@type"] == "Organization" and ld["hiringOrganization"]["name"]
    remote = ld.get("jobLocationType") == "TELECOMMUTE" and ld.get("applicantLocationRequirements")
    assert ld.get("jobLocation") or remote, "needs jobLocation, or TELECOMMUTE with applicantLocationRequirements"
    for place in ld.get("jobLocation", []):
        assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
        assert re.fullmatch(r"[A-Z]{2}", place["address"]["addressCountry"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", ld["datePosted"])


def test_onsite_posting_has_every_required_and_recommended_property(site: dict[str, bytes]) -> None:
    ld = job_posting(site, "backend")
    assert_google_valid(ld)
    for prop in GOOGLE_RECOMMENDED:
        assert prop in ld, f"recommended {prop} missing"
    assert ld["title"] == "Backend Engineer"
    assert "<h2>What you do</h2>" in ld["description"]
    assert (ld["datePosted"], ld["validThrough"]) == ("2026-11-01", "2027-01-31")
    assert ld["employmentType"] == ["FULL_TIME", "CONTRACTOR"]
    assert ld["directApply"] is False
    assert ld["identifier"] == {"@type": "PropertyValue", "name": "Acme Corp", "value": "backend"}
    assert ld["jobLocation"][0]["address"] == {
        "@type": "PostalAddress", "addressLocality": "Berlin", "addressRegion": "BE", "addressCountry": "DE"}
    org = ld["hiringOrganization"]
    assert org["logo"] == BASE + "logos/acme.png"
    assert org["sameAs"] == ["https://acme.example", "https://social.example/acme"]
    # two EUR yearly bands: one envelope from the lowest min to the highest max
    assert ld["baseSalary"] == {"@type": "MonetaryAmount", "currency": "EUR", "value": {
        "@type": "QuantitativeValue", "minValue": 60000, "maxValue": 90000, "unitText": "YEAR"}}


def test_remote_posting_names_countries_applicants_may_live_in(site: dict[str, bytes]) -> None:
    ld = job_posting(site, "remote-sre")
    assert_google_valid(ld)
    assert "jobLocation" not in ld
    assert ld["jobLocationType"] == "TELECOMMUTE"
    assert ld["applicantLocationRequirements"] == [{"@type": "Country", "name": "US"}, {"@type": "Country", "name": "CA"}]
    assert ld["baseSalary"]["value"] == {"@type": "QuantitativeValue", "minValue": 55.5, "maxValue": 70, "unitText": "HOUR"}


def test_mixed_currency_bands_leave_base_salary_out_with_a_warning(make_board, capsys) -> None:  # noqa: ANN001
    board = write_board(make_board({}))
    assert cli.main(["build", str(board)]) == 0
    err = capsys.readouterr().err
    assert "content/jobs/mixed-pay.md:1: salary: warning: bands mix currencies or periods" in err
    assert err.count("warning") == 1  # the one-currency postings are fine
    page = PageParser((board / "public/jobs/mixed-pay/index.html").read_text())
    [ld] = page.json_ld()
    assert_google_valid(ld)
    assert "baseSalary" not in ld


def test_expired_posting_has_no_job_posting_and_is_not_indexed(site: dict[str, bytes]) -> None:
    page = parsed(site, "jobs/old-job/index.html")
    assert page.json_ld() == []
    assert page.meta("robots") == ["noindex"]
    assert "expired" in site["jobs/old-job/index.html"].decode()


def test_company_page_has_organization(site: dict[str, bytes]) -> None:
    [org] = parsed(site, "companies/acme/index.html").json_ld()
    assert org["@type"] == "Organization" and org["name"] == "Acme Corp"
    assert org["url"] == "https://acme.example" and org["logo"] == BASE + "logos/acme.png"
    assert org["address"]["addressCountry"] == "DE"


def test_hostile_fields_stay_inside_their_json_ld(site: dict[str, bytes]) -> None:
    html = site["jobs/hostile/index.html"].decode()
    page = PageParser(html)
    [ld] = page.json_ld()  # json.loads succeeds: the block was not cut short
    assert ld["title"] == f"Hacker {HOSTILE}"
    assert ld["hiringOrganization"]["name"] == f"Evil {HOSTILE}"
    [org] = parsed(site, "companies/evil/index.html").json_ld()
    assert org["name"] == f"Evil {HOSTILE}"
    assert "</script><script>" not in html and "<!--" not in html
    for _, text in page.scripts:  # nothing in the block a browser or a JS parser would stop at
        assert "</" not in text and "<!" not in text and not set("\u2028\u2029") & set(text)
    assert ld["description"].startswith("<h2>Evil &lt;/script&gt;")  # the full HTML, read back exactly
    for path in site:
        if path.endswith(".html"):
            assert_no_executable_script(PageParser(site[path].decode()), path)


def assert_no_executable_script(page: PageParser, path: str) -> None:
    for attrs, _ in page.scripts:
        data = attrs.get("type") in ("application/ld+json", "application/json")  # data blocks: never run
        assert data or attrs.get("src", "").startswith(("./assets/", "assets/", "../", "/board/")), path
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), f"{path}: <{tag}> has an event handler"
        for name in ("href", "src", "action"):
            assert not attrs.get(name, "").strip().lower().startswith("javascript:"), f"{path}: <{tag} {name}>"


def test_sitemap_lists_open_pages_with_absolute_urls_and_lastmod(site: dict[str, bytes]) -> None:
    root = ET.fromstring(site["sitemap.xml"])
    assert root.tag == f"{SITEMAP}urlset"
    entries = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    assert all(loc.startswith(BASE) for loc in entries)
    pages = {loc.removeprefix(BASE) for loc in entries}
    assert {"", "companies/", "companies/acme/", "skills/", "skills/python/", "jobs/backend/", "jobs/remote-sre/"} <= pages
    assert "jobs/old-job/" not in pages and "404.html" not in pages
    assert "saved/" not in pages  # the browser's own list: nothing for a search engine
    html_pages = {p.removesuffix("index.html") for p in site if p.endswith("index.html")}
    assert pages == {p for p in html_pages - {"jobs/old-job/", "saved/"} if not p.endswith("page/1/")}  # copies of first pages
    assert entries[BASE + "jobs/backend/"] == "2026-11-01"
    assert entries[BASE] == "2026-11-20"  # the newest open posting
    assert entries[BASE + "companies/globex/"] == "2026-11-15"


def test_robots_names_the_sitemap(site: dict[str, bytes]) -> None:
    assert f"Sitemap: {BASE}sitemap.xml" in site["robots.txt"].decode().splitlines()


def test_every_page_has_canonical_opengraph_and_twitter_meta(site: dict[str, bytes]) -> None:
    for path in (p for p in site if p.endswith(".html")):
        page = parsed(site, path)
        canonical = [a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "canonical"]
        # page/1/ is a copy of its list's first page, and names it as canonical
        assert canonical == [BASE + path.removesuffix("index.html").removesuffix("page/1/")], path
        assert page.meta("og:url") == canonical, path
        title = html.unescape(re.search(r"<title>(.*)</title>", site[path].decode()).group(1))
        assert page.meta("og:title") == [title], path
        assert page.meta("og:description") == page.meta("description"), path
        # X (Twitter) reads the card's title and description from og: when it has no twitter: ones
        assert page.meta("twitter:card") == ["summary"], path
        assert page.meta("twitter:title") == page.meta("twitter:description") == [], path
        assert page.meta("og:site_name") == ["Full Board"], path


def test_assets_are_fingerprinted_and_linked_by_their_hashed_name(site: dict[str, bytes]) -> None:
    css = [p for p in site if p.startswith("assets/") and p.endswith(".css")]
    assert len(css) == 1 and "assets/style.css" not in site
    digest = hashlib.sha256(site[css[0]]).hexdigest()[:10]
    assert css[0] == f"assets/style.{digest}.css"
    assert f'href="../../assets/style.{digest}.css"' in site["jobs/backend/index.html"].decode()
    assert f'href="/board/assets/style.{digest}.css"' in site["404.html"].decode()


def test_a_changed_stylesheet_gets_a_new_name(make_board) -> None:  # noqa: ANN001
    board = write_board(make_board({}))
    first = {p for p in build_site(board, board / "public") if p.startswith("assets/style.")}
    (board / "static/assets").mkdir(parents=True)
    (board / "static/assets/style.css").write_text("body { color: red; }\n")
    second = {p for p in build_site(board, board / "public") if p.startswith("assets/style.")}
    assert first != second and len(first) == len(second) == 1
    assert second.pop() in (board / "public/index.html").read_text()


def test_builds_are_byte_identical(tmp_path: Path, site: dict[str, bytes]) -> None:
    again = build_site(write_board(tmp_path / "board"), tmp_path / "out")
    assert again == site


def test_a_template_asking_for_a_missing_asset_fails_the_build(make_board, capsys) -> None:  # noqa: ANN001
    board = make_board()
    (board / "templates").mkdir()
    (board / "templates/skills.html").write_text('{% extends "base.html" %}\n{% block main %}\n'
                                                 "<script src=\"{{ asset('nope.js') }}\"></script>\n{% endblock %}\n")
    assert cli.main(["build", str(board)]) == 1
    assert "templates/skills.html:3: template: asset('nope.js'): there is no static/assets/nope.js" in capsys.readouterr().err
    assert not (board / "public").exists()
