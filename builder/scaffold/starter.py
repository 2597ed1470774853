"""The files `jobboard init` writes: a new board that builds and passes `jobboard check` at once."""

from __future__ import annotations

from datetime import date

from .. import __version__
from . import skeletons
from .json_schemas import FOLDER, schema_files

COMPANY, POSTING = "example-company", "first-job"

SITE = f"""\
# yaml-language-server: $schema={FOLDER}/site.schema.json
# The board's settings. Every setting is here; a commented one shows its default.
# The reference of every setting and field: docs/board-format.md in jobboard's repository.

# The board's name, in every page's header and title. Required.
title: "My Job Board"

# A sentence about the board, for search engines and feed readers. Default: "".
description: "Open jobs, with their salaries."

# The absolute URL of the board's root. Its path (such as /jobs/) is where the site is
# served; feeds, the sitemap and canonical links use it. Required.
# (The GitHub Pages workflow in .github/workflows/ sets it when it builds.)
base_url: "https://www.example.com/"

# The language of the pages, a BCP 47 tag such as en or de-CH: the theme's words (German, English,
# French, Spanish, Portuguese and Dutch; others are English), dates and numbers. Default: en.
# language: en

# The currency of board-wide salary statistics (ISO 4217). Default: USD.
currency: USD

# For statistics: 1 unit of another currency = N units of `currency`. A band in a currency
# without a rate is shown on its posting but left out of the statistics. Default: none.
# exchange_rates:
#   EUR: 1.08
#   GBP: 1.27

# Working hours in a year, to compare hourly pay with yearly pay
# (a DAY counts 260 times a year, a WEEK 52, a MONTH 12). Default: 2080.
# hours_per_year: 2080

# After a posting's valid_through: "mark" keeps its page with an "expired" notice and drops it
# from lists, search, feeds and the sitemap; "hide" does not publish it at all. Default: mark.
# expired: mark

# The build's output folder, relative to this file. Default: public.
# output: public

# Follow symbolic links under content/, templates/ and static/ that lead outside the board
# (off, each such link is an error, so a board cannot publish files from elsewhere). Default: false.
# allow_symlinks_outside: false

# Applicant-tracking feeds that `jobboard sync` imports: one of greenhouse (board token), lever
# (site), ashby (job board name) or jsonld (a page URL), each with an optional company slug.
# sync:
#   - {{greenhouse: acme, company: acme}}

# Publish an Atom feed of each company's postings (companies/<slug>/feed.xml). Off, the site has
# one file less per company, for hosts that limit the number of files. Default: true.
# company_feeds: true

# Show, under a search result found by its text only, the sentence that matched. Off, the site has
# one file less per posting (search/text/), for hosts that limit the number of files. Default: true.
# search_snippets: true

# The theme (see the theming guide): a logo and favicon under static/ (or URLs), the accent
# colour of the light scheme, links in the header and footer, and a stylesheet of your own.
# logo: logo.svg
# favicon: favicon.svg
# accent_color: "#1f5fbf"
# header_links:
#   - {{label: Post a job, url: "mailto:jobs@example.org"}}
# footer_links:
#   - {{label: About, url: about/}}
# extra_css: board.css

# Your own wording of any of the theme's strings, by its English text (see the theming guide).
# strings:
#   "Open jobs": "Open roles"
#   "Apply for this job": "Apply now"
"""

GITIGNORE = """\
# jobboard's output and build cache: made again by every build
/public/
/.jobboard-cache/
/.public.*/
"""

WORKFLOW = f"""\
# Builds the board and publishes it on GitHub Pages: on every push to main, and every day, so
# that postings past their valid_through leave the site without anyone pushing.
# Turn it on in the repository's Settings > Pages > Source: "GitHub Actions".
name: Publish the job board

on:
  push:
    branches: [main]
  schedule:
    - cron: "17 5 * * *"  # every day at 05:17 UTC
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # jobboard is not published on PyPI: install it from its git repository, pinned to the
  # version this board was made with. Replace YOUR-ORG with where you get jobboard from
  # (any pip requirement works: a git URL with a tag, a wheel's URL, a local path).
  JOBBOARD: "jobboard @ git+https://github.com/YOUR-ORG/jobboard@v{__version__}"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install jobboard
        run: |
          if [[ "$JOBBOARD" == *YOUR-ORG* ]]; then
            echo "::error file=.github/workflows/jobboard.yml::set JOBBOARD to where you install jobboard from"
            exit 1
          fi
          python -m pip install "$JOBBOARD"
      # The Pages address (https://OWNER.github.io/REPO/ or your own domain) replaces base_url.
      - name: Build
        run: jobboard build . -o public --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

README = f"""\
# My Job Board

A job board built with jobboard.

- `site.yml`: the board's settings.
- `content/companies/<slug>.md`: one file per company.
- `content/jobs/<slug>.md`: one file per posting (sub-folders allowed).
- `templates/`, `static/` (optional): your own templates and files, replacing the theme's.
- `{FOLDER}/`: JSON Schemas for your editor (`jobboard schema` writes them again).

```sh
jobboard new company acme          # a company to fill in
jobboard new job backend-engineer --company acme
jobboard check                     # every problem, as file:line: field: message
jobboard serve                     # preview at http://127.0.0.1:8000/, reloading on save
jobboard build                     # the site, into public/
```

`jobboard check` warns about values still left from a skeleton (example.com addresses,
"City, Region" places): replace them before you publish.

`.github/workflows/jobboard.yml` publishes the board on GitHub Pages on every push and once a
day, so expired postings leave the site on their own. Set `JOBBOARD` in it first.
"""


def board_files(today: date) -> dict[str, str]:
    """Every file of a new board by its path in the board folder."""
    return {
        "site.yml": SITE,
        f"content/companies/{COMPANY}.md": skeletons.company_file(COMPANY, schemas=f"../../{FOLDER}"),
        f"content/jobs/{POSTING}.md": skeletons.job_file(POSTING, COMPANY, today, schemas=f"../../{FOLDER}"),
        ".gitignore": GITIGNORE,
        ".github/workflows/jobboard.yml": WORKFLOW,
        "README.md": README,
        **schema_files(),
    }
