"""Property-based tests of what feeds send: whatever text a feed holds, the posting import writes
reads back as the same values, its front matter intact."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.importing.draft import Draft
from builder.importing.write import posting_text
from builder.records import Band
from builder.source import read_document

PROFILE = settings(max_examples=120, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)  # no lone surrogates: no file can hold one
WORDS = TEXT.filter(lambda t: t.strip() == t and t != "")


@PROFILE
@given(title=WORDS, apply=WORDS, salary_text=WORDS, skills=st.lists(WORDS, max_size=3), level=TEXT,
       source_id=TEXT, url=WORDS, why=TEXT)
def test_what_import_writes_reads_back_as_written(title: str, apply: str, salary_text: str, skills: list[str],
                                                   level: str, source_id: str, url: str, why: str) -> None:
    fields = {"title": title, "company": "acme", "date_posted": "2026-11-03", "employment_type": ["FULL_TIME"],
              "salary": [Band(min=1, max=2, currency="USD", period="YEAR", level=level)],
              "salary_text": salary_text, "skills": skills, "apply": apply}
    draft = Draft(slug="x", company_slug="acme", company_name="Acme", company_website="", company_about="",
                  fields=fields, body="The job.\n---\nMore.\n", doubts=[("apply", why)], notes=[("date_posted", why)])
    doc, errors = read_document(posting_text(draft, "lever", source_id, url).encode("utf-8"), "x.md")
    assert doc is not None, errors
    band = {"level": level, "min": 1, "max": 2, "currency": "USD", "period": "YEAR"} if level else \
        {"min": 1, "max": 2, "currency": "USD", "period": "YEAR"}
    assert {key: doc.data[key] for key in fields} == {**fields, "employment_type": "FULL_TIME", "salary": [band]}
    assert doc.data["draft"] is True
    assert {key: doc.data["source"][key] for key in ("kind", "id", "url")} == {"kind": "lever", "id": source_id, "url": url}
    assert doc.body == "The job.\n---\nMore.\n"
