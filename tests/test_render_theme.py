"""The built-in theme's pages: what a card shows, pay units, logos, favicon, the skills index, and
the theme options of site.yml. Builds run the CLI from inside the board, as a user does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

from conftest import company_md, posting_md

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def jobboard(board: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=board, capture_output=True, text=True)


def built(board: Path) -> Path:
    done = jobboard(board, "build")
    assert done.returncode == 0, done.stderr
    return board / "public"


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="posting-card".*?</button>\s*</li>', html, re.S)  # a card ends with its save button


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


BOARD = {
    "content/companies/acme.md": company_md(logo="logos/acme.svg"),
    "content/companies/zed.md": company_md(name="Zed Works", website="https://zed.example"),
    "static/logos/acme.svg": SVG,
    "content/jobs/yearly.md": posting_md(title="Yearly Role", date_posted="2026-11-19", skills=["Go", "C++"],
                                         salary=[{"level": "I", "min": 185000, "max": 200000, "currency": "USD", "period": "YEAR"},
                                                 {"level": "II", "min": 210000, "max": 250000, "currency": "USD", "period": "YEAR"}]),
    "content/jobs/hourly.md": posting_md(title="Hourly Role", company="zed", date_posted="2026-11-01",
                                         remote="remote", locations=None, remote_eligible=["DE", "FR"],
                                         employment_type="CONTRACTOR",
                                         salary=[{"min": 85, "max": 110, "currency": "EUR", "period": "HOUR"}]),
    "content/jobs/quiet.md": posting_md(title="Quiet Role", date_posted="2026-11-22", remote="hybrid",
                                        locations=["Porto, PT"]),
    "content/jobs/old.md": posting_md(title="Old Role", date_posted="2026-09-01", valid_through="2026-10-01",
                                      skills=["Cobol"]),
}


def test_pages_carry_no_template_indentation_yet_keep_spaces_between_words_and_in_code(make_board: Callable[..., Path]) -> None:
    out = built(make_board({**BOARD, "content/jobs/code.md": posting_md("Run:\n\n```\nif ready:\n    go()\n```\n",
                                                                        title="Code Role", company="zed")}))
    index, posting = (out / "index.html").read_text(), (out / "jobs/code/index.html").read_text()
    for page in (index, posting, (out / "companies/zed/index.html").read_text()):
        assert not re.search(r"\n[ \t]{2,}", re.sub(r"<pre.*?</pre>", "", page, flags=re.S))
    assert "if ready:\n    go()" in posting  # a body's code keeps its indentation
    hourly = next(c for c in cards(index) if ">Hourly Role<" in c)
    assert re.search(r'<span class="company">Zed Works</span>\s+<span class="badge', hourly)  # not "Zed WorksRemote"


def test_a_card_shows_logo_pay_in_its_unit_work_mode_places_age_and_skills(make_board: Callable[..., Path]) -> None:
    out = built(make_board(BOARD))
    index = (out / "index.html").read_text()
    yearly, hourly, quiet = (next(c for c in cards(index) if f">{t}<" in c) for t in ("Yearly Role", "Hourly Role", "Quiet Role"))
    assert '<img class="logo" src="./logos/acme.svg" width="40" height="40" alt=""' in yearly
    assert (out / "logos/acme.svg").read_bytes() == SVG
    assert '<span class="logo initials" aria-hidden="true">ZW</span>' in hourly  # no logo: initials
    assert '<p class="pay">USD 185k–250k / year</p>' in yearly  # one range over both levels
    assert '<p class="pay">EUR 85–110 / hour</p>' in hourly
    assert '<p class="pay undisclosed">Salary not disclosed</p>' in quiet
    assert '<span class="badge mode-remote">Remote</span>' in hourly and '<span class="badge mode-hybrid">Hybrid</span>' in quiet
    assert '<span class="remote-area">Remote: DE, FR</span>' in hourly  # where a remote applicant may live, by code
    assert 'data-remote-in="DE FR"' in hourly and "data-office-in" not in hourly  # for search.js's "why"
    assert '<span class="offices">Office: Porto</span>' in quiet and "remote-area" not in quiet  # an office by city
    assert 'data-office-in="PT"' in quiet
    assert '<span class="type">Contract</span>' in hourly
    assert '<time class="age" datetime="2026-11-19">3 days ago</time>' in yearly  # the build's day: 2026-11-22
    assert ">today</time>" in quiet and ">3 weeks ago</time>" in hourly
    assert "<li>C++</li>" in yearly and "skills/" not in yearly  # labels: the card's one link is its posting
    assert re.search(r'<button type="button" class="save" aria-pressed="false" data-company="Acme Corp" hidden>'
                     r'<span class="visually-hidden">Save Yearly Role</span></button>', yearly)


def test_a_remote_job_with_an_office_names_both_apart(make_board: Callable[..., Path]) -> None:
    board = make_board({**BOARD, "content/jobs/both.md": posting_md(
        title="Both Role", remote="remote", remote_eligible=["US", "CA", "GB", "IE", "NO"],
        locations=["New York, NY, US", "Austin, TX, US", "Boston, MA, US"]),
        "content/jobs/anywhere.md": posting_md(title="Anywhere Role", remote="remote", locations=None)})
    out = built(board)
    both = next(c for c in cards((out / "index.html").read_text()) if ">Both Role<" in c)
    assert text(both).count("Remote: US, CA, GB, IE, NO · Offices: New York; Austin +1 more") == 1
    posting = (out / "jobs/both/index.html").read_text()
    assert ("<dt>Remote from</dt><dd>United States, Canada, United Kingdom, Ireland, Norway</dd>" in posting)
    assert ("<dt>Offices</dt><dd>New York, NY, United States<br>Austin, TX, United States<br>"
            "Boston, MA, United States</dd>") in posting
    anywhere = next(c for c in cards((out / "index.html").read_text()) if ">Anywhere Role<" in c)
    assert '<span class="places"><span class="remote-area">Remote: anywhere</span></span>' in anywhere
    assert "<dt>Remote from</dt><dd>Anywhere</dd>" in (out / "jobs/anywhere/index.html").read_text()


def test_pay_keeps_its_own_unit_on_posting_and_company_pages(make_board: Callable[..., Path]) -> None:
    out = built(make_board(BOARD))
    posting = text((out / "jobs/hourly/index.html").read_text())
    assert "EUR 85 – 110 per hour" in posting
    company = text((out / "companies/zed/index.html").read_text())
    assert "EUR 85–110 / hour" in company and "EUR 85–110/h" in company  # the card, and the table


def test_logos_on_posting_company_and_companies_pages_have_their_size(make_board: Callable[..., Path]) -> None:
    out = built(make_board(BOARD))
    for page, src in (("jobs/yearly/index.html", "../../logos/acme.svg"), ("companies/acme/index.html", "../../logos/acme.svg")):
        assert f'<img class="logo" src="{src}" width="56" height="56" alt="">' in (out / page).read_text()
    assert '<img class="logo" src="../logos/acme.svg" width="40" height="40" alt="">' in (out / "companies/index.html").read_text()


def test_a_missing_logo_file_is_an_error_at_its_line(make_board: Callable[..., Path]) -> None:
    board = make_board({**BOARD, "content/companies/zed.md": "---\nname: Zed\nwebsite: https://zed.example\nlogo: logos/zed.png\n---\n"})
    done = jobboard(board, "check")
    assert done.returncode == 1
    assert "content/companies/zed.md:4: logo: static/logos/zed.png does not exist; add the file or give the logo's URL" in done.stderr
    (board / "content/companies/zed.md").write_text(company_md(name="Zed", logo="https://cdn.example/zed.png"))
    assert jobboard(board, "check").returncode == 0  # a URL is not fetched


def test_every_page_links_the_favicon_which_is_there(make_board: Callable[..., Path]) -> None:
    out = built(make_board(BOARD))
    assert (out / "favicon.svg").read_bytes().startswith(b"<svg")
    assert '<link rel="icon" href="../../favicon.svg" type="image/svg+xml">' in (out / "jobs/yearly/index.html").read_text()
    assert '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' in (out / "404.html").read_text()


def test_the_skills_index_lists_only_skills_with_open_postings(make_board: Callable[..., Path]) -> None:
    out = built(make_board(BOARD))
    skills = (out / "skills/index.html").read_text()
    assert 'href="../skills/go/"' in skills and "Cobol" not in skills
    assert (out / "skills/cobol/index.html").is_file()  # the expired posting's page still links it


def test_theme_options_of_site_yml(make_board: Callable[..., Path]) -> None:
    board = make_board({**BOARD, "static/brand.svg": SVG, "static/extra.css": "body { color: red; }"}, site={
        "logo": "brand.svg", "favicon": "brand.svg", "accent_color": "#AA3300", "extra_css": "extra.css",
        "header_links": [{"label": "Post a job", "url": "/post/"}],
        "footer_links": [{"label": "Privacy", "url": "https://x.example/privacy"}]})
    html = (built(board) / "jobs/yearly/index.html").read_text()
    assert '<a class="brand" href="../../"><img src="../../brand.svg" width="32" height="32" alt="">Test Board</a>' in html
    assert '<link rel="icon" href="../../brand.svg" type="image/svg+xml">' in html
    assert "--accent: #aa3300;" in html
    assert '<link rel="stylesheet" href="../../extra.css">' in html
    assert '<li><a href="../../post/">Post a job</a></li>' in html
    assert '<li><a href="https://x.example/privacy">Privacy</a></li>' in html


def test_theme_options_are_validated_with_their_lines(make_board: Callable[..., Path]) -> None:
    board = make_board(BOARD, site={"accent_color": "blue", "logo": "nope.svg", "extra_css": "x.txt",
                                    "header_links": [{"label": "Bad", "url": "javascript:alert(1)"}, {"url": "/a/"}]})
    done = jobboard(board, "build")
    assert done.returncode == 1 and not (board / "public").exists()
    lines = done.stderr.splitlines()
    for expected in ("site.yml:4: accent_color: 'blue' is not a colour written as #rrggbb (such as #1f5fbf)",
                     "site.yml:5: logo: static/nope.svg does not exist; put the file there or give a URL",
                     "site.yml:6: extra_css: 'x.txt' must be a .css file",
                     "site.yml:9: header_links[0].url: 'javascript:alert(1)' must be an http(s) or mailto: URL",
                     "site.yml:10: header_links[1].label: is required"):
        assert expected in lines, done.stderr


def test_without_theme_options_the_pages_look_as_before(make_board: Callable[..., Path]) -> None:
    html = (built(make_board(BOARD)) / "index.html").read_text()
    assert "--accent" not in html and "footer-links" not in html and 'class="brand" href="./">Test Board</a>' in html
