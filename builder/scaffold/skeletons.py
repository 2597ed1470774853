"""Skeletons for `jobboard new`: a company or a posting that passes `jobboard check` as written."""

from __future__ import annotations

from datetime import date

COMPANY = """\
---
{modeline}name: {name}
website: https://www.example.com
# logo: logos/{slug}.png            # a path inside the board's static/ folder
# headquarters: "City, Region, US"  # or {{city: ..., region: ..., country: US}}
# same_as: [https://www.linkedin.com/company/{slug}]
---
What {name} does, in a few sentences. This text appears on the company's page.
"""

JOB = """\
---
{modeline}title: {name}
company: {company}
date_posted: {today}
# valid_through: YYYY-MM-DD         # the posting expires after this day
employment_type: FULL_TIME          # or a list: [FULL_TIME, PART_TIME]
remote: hybrid                      # onsite, hybrid or remote
locations:
  - "City, Region, US"
# remote_eligible: [US, CA]         # where a remote applicant may live
salary:
  - {{min: 100000, max: 130000, currency: {currency}, period: YEAR}}
# salary_text: "The employer's own wording"
# benefits: "Health insurance, 25 days of paid time off"
skills: [Python]
apply: https://www.example.com/jobs/{slug}
---
## About the role

What the job is, what the team does, and what you will work on.

## What we look for

- A skill or experience
- Another one
"""


def title_of(slug: str) -> str:
    return slug.replace("-", " ").title()


def modeline(kind: str, schemas: str | None) -> str:
    """The yaml-language-server comment naming the file's JSON Schema at `schemas` (a path relative
    to the file), or nothing when the board has no schemas."""
    return f"# yaml-language-server: $schema={schemas}/{kind}.schema.json\n" if schemas else ""


def company_file(slug: str, schemas: str | None = None) -> str:
    return COMPANY.format(slug=slug, name=title_of(slug), modeline=modeline("company", schemas))


def job_file(slug: str, company: str, today: date, currency: str = "USD", schemas: str | None = None) -> str:
    return JOB.format(slug=slug, name=title_of(slug), company=company, today=today.isoformat(), currency=currency,
                      modeline=modeline("posting", schemas))
