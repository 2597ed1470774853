"""A fixture board with every page type and every JSON-LD case, including hostile content:
shared by the SEO, feed, crawler and validity tests."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import yaml

from builder.output.build import build, write_outputs
from conftest import BUILD_EPOCH, company_md, posting_md

HOSTILE = "</script><script>alert(1)</script> <!-- \"q\" 'q' ]]> javascript:alert(1) \u2028\u2029 &amp;"
HOSTILE_BODY = (
    "# Evil </script><script>alert(1)</script>\n\n<!-- comment -->\n\n<script>alert(2)</script>\n\n"
    "[click me](javascript:alert(3)) and ]]> and \"quotes\" \u2028 end.\n"
)
# A 1x1 PNG so the company logo exists in the output and the crawler can fetch it.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")

FILES: dict[str, str | bytes] = {
    "static/logos/acme.png": PNG,
    "content/companies/acme.md": company_md(
        "Acme makes **everything**.\n", logo="logos/acme.png", headquarters="Berlin, BE, DE",
        same_as=["https://social.example/acme"]),
    "content/companies/globex.md": company_md("Globex.\n", name="Globex", website="https://globex.example"),
    "content/companies/evil.md": company_md(HOSTILE_BODY, name=f"Evil {HOSTILE}", website="https://evil.example"),
    "content/jobs/backend.md": posting_md(
        "We build things.\n\n## What you do\n\n- Ship\n", valid_through="2027-01-31",
        employment_type=["FULL_TIME", "CONTRACTOR"], skills=["Python", "PostgreSQL"], tags=["backend"],
        salary=[{"level": "Mid", "min": 60000, "max": 75000, "currency": "EUR", "period": "YEAR"},
                {"level": "Senior", "min": 70000, "max": 90000, "currency": "EUR", "period": "YEAR"}],
        salary_text="60k to 90k EUR", benefits="Lunch"),
    "content/jobs/remote/remote-sre.md": posting_md(
        title="Site Reliability Engineer", company="globex", date_posted="2026-11-15", locations=None,
        remote="remote", remote_eligible=["US", "CA"], skills=["Go"],
        salary=[{"min": 55.5, "max": 70, "currency": "USD", "period": "HOUR"}]),
    "content/jobs/mixed-pay.md": posting_md(
        title="Data Engineer", company="globex", date_posted="2026-11-10", locations=["London, ENG, GB"],
        remote="hybrid", skills=["Python"],
        salary=[{"min": 50000, "max": 60000, "currency": "GBP", "period": "YEAR"},
                {"min": 4000, "max": 5000, "currency": "EUR", "period": "MONTH"}]),
    "content/jobs/old-job.md": posting_md(
        title="Old Job", date_posted="2026-09-01", valid_through="2026-10-31", skills=["Python"]),
    "content/jobs/hostile.md": posting_md(
        HOSTILE_BODY, title=f"Hacker {HOSTILE}", company="evil", date_posted="2026-11-20",
        skills=[HOSTILE, "Rust"], tags=[HOSTILE], salary_text=HOSTILE, benefits=HOSTILE),
}

SITE = {"title": "Full Board", "base_url": "https://example.org/board/", "description": "Every page type."}


def write_board(folder: Path, site: dict | None = None) -> Path:
    for rel, data in {"site.yml": yaml.safe_dump({**SITE, **(site or {})}), **FILES}.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def build_site(board: Path, out: Path) -> dict[str, bytes]:
    """Build with the tests' fixed date (module-scoped fixtures run outside the autouse one)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    try:
        _, outputs = build(board)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    write_outputs(outputs, out)
    return outputs



class PageParser(HTMLParser):
    """Every start tag with its attributes, and the text of every <script>."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def json_ld(self) -> list[dict]:
        return [json.loads(text) for attrs, text in self.scripts if attrs.get("type") == "application/ld+json"]

    def meta(self, key: str) -> list[str]:
        """content of <meta property=key> or <meta name=key>."""
        return [a.get("content", "") for t, a in self.tags if t == "meta" and key in (a.get("property"), a.get("name"))]
