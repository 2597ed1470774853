"""Render the Board into every file of the site, in memory: dict[url path, bytes]."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Any, Callable

import jinja2
from markupsafe import Markup

from . import feeds, labels, salary, salary_chart, salary_tables, seo
from .assets import fingerprint
from .errors import BuildFailed, SourceError
from .search_index import build_index, indexed, search_outputs
from .model import Board, skill_slug
from .records import Location, Posting

Outputs = dict[str, bytes]


@dataclass(frozen=True)
class Theme:
    """The built-in theme overlaid by the board's own files: template name -> (source, display path),
    static path -> bytes."""

    templates: dict[str, tuple[str, str]]
    static: dict[str, bytes]


@dataclass(frozen=True)
class Page:
    """One HTML page. Its context names everything it shows (the build cache keys the page by
    it); `derive` adds what is computed from the board at render time, such as statistics."""

    path: str  # output file, e.g. "jobs/olo-sdse/index.html"
    template: str
    context: dict[str, Any]
    derive: Callable[[Board], dict[str, Any]] | None = None

    @property
    def url(self) -> str:
        """The page's URL path relative to the site root: "jobs/olo-sdse/"."""
        return self.path.removesuffix("index.html")


def make_environment(theme: Theme) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _template_source(theme, name)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        location=labels.where,
        employment=labels.employment,
        remote_name=labels.REMOTE_NAMES.__getitem__,
        skill_slug=skill_slug,
        band_range=salary.band_range,
        period_name=salary.PERIOD_NAMES.__getitem__,
        isodate=lambda d: d.isoformat(),
        longdate=lambda d: f"{d:%B} {d.day}, {d.year}",
    )
    return env


def _template_source(theme: Theme, name: str) -> tuple[str, str, Callable[[], bool]] | None:
    if name not in theme.templates:
        return None
    source, display = theme.templates[name]
    return source, display, lambda: True


PAGE_SIZE = 50  # posting cards per list page: a 100,000-posting board must not be one 50 MB page


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list sits: the board at "", "page/2/", ...; a skill at
    "skills/python/", "skills/python/page/2/", ... (URLs relative to the site root)."""

    base: str  # the first page's URL
    number: int
    count: int  # pages in the list
    total: int  # postings in the whole list

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"


def paginated(base: str, template: str, postings: tuple[Posting, ...], **context: Any) -> list[Page]:
    """One page per PAGE_SIZE postings, newest first; an empty list still gets its first page."""
    count = max(1, -(-len(postings) // PAGE_SIZE))
    result = []
    for number in range(1, count + 1):
        pager = Pager(base, number, count, len(postings))
        shown = postings[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        result.append(Page(pager.url(number) + "index.html", template, {**context, "postings": shown, "pager": pager}))
    return result


def pages(board: Board) -> list[Page]:
    """Every HTML page of the site with its template and context."""
    result = [
        *paginated("", "index.html", board.open_postings),
        Page("companies/index.html", "companies.html", {}),
        Page("skills/index.html", "skills.html", {}),
        Page("404.html", "404.html", {}),
        salaries_page(board),
    ]
    result += [Page(f"jobs/{p.slug}/index.html", "posting.html", {"posting": p}) for p in board.postings]
    result += [
        Page(f"companies/{c.slug}/index.html", "company.html", {"company": c, "postings": board.by_company.get(c.slug, ())})
        for c in board.companies.values()
    ]
    for s in board.skills.values():
        result += paginated(f"skills/{s.slug}/", "skill.html", board.by_skill.get(s.slug, ()), skill=s)
    return result


def salaries_page(board: Board) -> Page:
    """The board-wide tables. Its context is what they are made of, bodies left out, so editing a
    posting's text does not re-render them; the report itself is made only when rendered. The
    bands and locations as plain tuples: the build cache keys the page by the context's repr,
    and a dataclass's repr is several times slower."""
    shown = tuple((p.slug, p.title, p.company, tuple((b.min, b.max, b.currency, b.period, b.level) for b in p.salary),
                   p.skills, tuple((loc.country, loc.city, loc.region) for loc in p.locations), p.remote)
                  for p in board.open_postings)
    context = {"salary_data": shown, "companies": tuple(board.companies.values()), "skills": tuple(board.skills.values())}
    return Page("salaries/index.html", "salaries.html", context, derive=salary_report)


def salary_report(board: Board) -> dict[str, Any]:
    report = salary_tables.report(board)
    return {"report": report, "chart": salary_chart.range_chart(report.table("by-company").rows, salary.Pay(board.config))}


def root_of(page: Page, board: Board) -> str:
    """The prefix that leads from a page to the site root. Relative, so the site works at
    any path; the 404 page is served at any depth, so it uses base_url's absolute path."""
    if page.path == "404.html":
        return board.config.base_path
    return "../" * page.path.count("/") or "./"


class Cards:
    """Each posting's card on the list pages (board, company, skill), rendered once per build and
    reused: a posting is listed on half a dozen pages, and the cards were most of their cost.
    A card is rendered with a stand-in for the relative root, filled in per page."""

    ROOT = "\x00root\x00"  # escaped content cannot make it; if it did, it would only become a path

    def __init__(self, env: jinja2.Environment, board: Board):
        self.env, self.board = env, board
        self.made: dict[tuple[str, bool], str] = {}

    def card(self, posting: Posting, show_company: bool) -> str:
        key = (posting.slug, show_company)
        if key not in self.made:
            self.made[key] = self.env.get_template("_card.html").render(
                p=posting, show_company=show_company, root=self.ROOT, board=self.board, config=self.board.config)
        return self.made[key]

    def at(self, root: str) -> Callable[[Posting, bool], Markup]:
        """One card: the built-in theme lists them with list_at, but a board's own templates,
        copied from an earlier theme, may still call posting_card."""
        def posting_card(posting: Posting, show_company: bool = True) -> Markup:
            return Markup(self.card(posting, show_company).replace(self.ROOT, root))
        return posting_card

    def list_at(self, root: str) -> Callable[[tuple[Posting, ...], bool], Markup]:
        """All the cards of a list, one after another: one call from the template, not one per card."""
        def posting_cards(postings: tuple[Posting, ...], show_company: bool = True) -> Markup:
            return Markup("".join([self.card(p, show_company) for p in postings]).replace(self.ROOT, root))
        return posting_cards


def render_page(env: jinja2.Environment, board: Board, page: Page, assets: dict[str, str], cards: Cards) -> bytes:
    root = root_of(page, board)
    context = {
        "board": board,
        "config": board.config,
        "page": page,
        "root": root,
        "canonical": board.config.base_url + page.url,
        "asset": lambda name: root + _asset_path(assets, name),
        "pay": salary.Pay(board.config),
        "structured_data": seo.structured_data(board, page.context),
        "posting_card": cards.at(root),
        "posting_cards": cards.list_at(root),
        **page.context,
        **(page.derive(board) if page.derive else {}),
    }
    return env.get_template(page.template).render(context).encode("utf-8")


def _asset_path(assets: dict[str, str], name: str) -> str:
    if name not in assets:
        raise jinja2.TemplateRuntimeError(f"asset('{name}'): there is no static/assets/{name}")
    return assets[name]


@dataclass(frozen=True)
class Generated:
    """Files made together, outside the templates: a feed, the sitemap, the search index. Like a
    page's context, `inputs` names what they are made of (the build cache keys them by it)."""

    name: str  # the one file made, or the folder ("search/") of all of them
    inputs: dict[str, Any]
    make: Callable[[], Outputs]
    # Makes the same files from what the previous remake returned (None: there is none), and
    # returns what to keep for the next one; the build cache keeps it between builds.
    remake: Callable[[Any], tuple[Outputs, Any]] | None = None

    def covers(self, path: str) -> bool:
        return path == self.name or (self.name.endswith("/") and path.startswith(self.name))


def generated(board: Board, pages: list[Page]) -> list[Generated]:
    """Feeds, sitemap, robots.txt and the search index."""
    result = [Generated("feed.xml", {"postings": board.open_postings[:feeds.ENTRIES]},
                        lambda: {"feed.xml": feeds.board_feed(board)})]
    for company in board.companies.values():
        path = f"companies/{company.slug}/feed.xml"
        shown = board.by_company.get(company.slug, ())[:feeds.ENTRIES]
        result.append(Generated(path, {"company": company, "postings": shown},
                                lambda path=path, company=company: {path: feeds.company_feed(board, company)}))
    entries = tuple(seo.sitemap_entries(board, pages))
    result.append(Generated("sitemap.xml", {"entries": entries}, lambda: {"sitemap.xml": seo.sitemap(board, entries)}))
    result.append(Generated("robots.txt", {"robots": True}, lambda: {"robots.txt": seo.robots(board)}))
    result.append(Generated("search/", {"postings": indexed(board), "skills": tuple(board.skills.values())},
                            lambda: search_outputs(board), lambda previous: build_index(board, previous)))
    return result


@dataclass(frozen=True)
class Site:
    """A board ready to render: its pages, its static files, and its generated files (feeds,
    sitemap, robots.txt). `jobboard build` renders it all; the dev server renders on request."""

    board: Board
    theme: Theme
    env: jinja2.Environment
    pages: tuple[Page, ...]
    generated: tuple[Generated, ...]
    static: Outputs  # with fingerprinted asset names
    assets: dict[str, str]  # asset name -> published path
    cards: Cards

    def render(self, page: Page) -> bytes:
        """One page; a template problem is reported at its template file and line."""
        try:
            return render_page(self.env, self.board, page, self.assets, self.cards)
        except jinja2.TemplateError as exc:
            raise BuildFailed([_template_error(exc, self.theme)]) from None

    def render_all(self, todo: list[Page]) -> Outputs:
        return {page.path: self.render(page) for page in todo}

    def make_all(self, todo: list[Generated]) -> Outputs:
        return {path: data for group in todo for path, data in group.make().items()}


def prepare_site(board: Board, theme: Theme, env: jinja2.Environment | None = None) -> Site:
    """`env` may be reused from a previous Site with the same theme, keeping compiled templates."""
    static, assets = fingerprint(theme.static)
    all_pages = pages(board)
    env = env or make_environment(theme)
    return Site(board, theme, env, tuple(all_pages), tuple(generated(board, all_pages)), static, assets,
                Cards(env, board))


def render_site(board: Board, theme: Theme) -> Outputs:
    site = prepare_site(board, theme)
    # a board's own static file (say robots.txt) overrides a generated one, as in the dev server
    return {**site.make_all(list(site.generated)), **site.static, **site.render_all(list(site.pages))}


def _template_error(exc: jinja2.TemplateError, theme: Theme) -> SourceError:
    """Name the template file and line, from the exception or from Jinja's rewritten traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return SourceError(exc.filename, exc.lineno, "template", exc.message or str(exc))
    displays = {display for _, display in theme.templates.values()}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in displays]
    if frames:
        return SourceError(frames[-1].filename, frames[-1].lineno or 1, "template", str(exc))
    return SourceError("templates", 1, "template", str(exc))
