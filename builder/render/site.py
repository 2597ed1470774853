"""Render the Board into every file of the site, in memory: dict[url path, bytes]."""

from __future__ import annotations

import functools
import hashlib
import re
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import jinja2
from markupsafe import Markup

from ..load import i18n
from ..load.errors import BuildFailed, SourceError
from ..load.records import Company, Posting
from ..load.theme import Theme
from ..model import labels, salary
from ..model.board import Board, skill_slug
from ..search.index import ResultCards, build_index, indexed, search_outputs
from ..search.tokens import stemmer_script
from . import feeds, salary_chart, salary_tables, seo
from .assets import fingerprint
from .sandbox import BoardSandbox

Outputs = dict[str, bytes]


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


class _Environment(BoardSandbox):
    def compile(self, source: Any, name: str | None = None, filename: str | None = None, *args: Any,
                **kwargs: Any) -> Any:
        """Jinja's parser recurses once per nested expression: a template nested too deeply for
        it is a syntax error, not a RecursionError."""
        try:
            return super().compile(source, name, filename, *args, **kwargs)
        except RecursionError:
            raise jinja2.TemplateSyntaxError("nested too deeply to compile", 1, name, filename) from None


def make_environment(theme: Theme) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FunctionLoader(lambda name: _template_source(theme, name)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Words come from the catalog of the rendered board's language (the context's config), not
    # from the environment: the dev server keeps one environment while site.yml changes. These
    # are Jinja's "newstyle" gettext functions (text as Markup, `% values` filled in, escaped),
    # called directly: through install_gettext_callables each word cost three context calls,
    # a third of a posting page's rendering.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)
    env.filters.update(
        location=_worded(labels.where),
        place=_worded(labels.place),
        country=jinja2.pass_context(lambda context, code: labels.country_name(code, context["config"].language)),
        employment=_worded(labels.employment),
        remote_name=_worded(labels.remote_name),
        skill_slug=skill_slug,
        band_range=salary.band_range,
        pay_summary=_worded(lambda bands, language, s: salary.pay_summary(bands, language, s)),
        period_name=_worded(salary.period_name),
        age=_worded(i18n.age),
        initials=initials,
        isodate=lambda d: d.isoformat(),
        longdate=jinja2.pass_context(lambda context, d: i18n.long_date(d, context["config"].language)),
    )
    return env


def _strings(context: jinja2.runtime.Context) -> i18n.Strings:
    return i18n.strings(context["config"])


@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str, **values: Any) -> Markup:
    text = _word(_strings(context), message)
    return text % values if values else text


@functools.lru_cache(maxsize=64)
def _ui_strings(strings: i18n.Strings) -> Markup:
    """The scripts' words as the JSON of base.html's ui-strings block: the same on every page."""
    return Markup(seo.script_json(i18n.script_strings(strings)))


@functools.lru_cache(maxsize=4096)  # a page has some twenty words, the same on every page of its kind
def _word(strings: i18n.Strings, message: str) -> Markup:
    return Markup(strings.gettext(message))  # the environment always autoescapes


@jinja2.pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: int, **values: Any) -> Markup:
    return Markup(_strings(context).ngettext(singular, plural, n)) % {"num": n, **values}


def _worded(function: Callable[..., str]) -> Callable[..., str]:
    """A filter whose words are in the board's language: `function` gets its Strings last."""
    @jinja2.pass_context
    def in_language(context: jinja2.runtime.Context, *args: Any) -> str:
        return function(*args, _strings(context))
    return in_language


def initials(name: str) -> str:
    """The mark shown for a company without a logo: "AC" for Acme Corp, "O" for Olo."""
    words = [w for w in name.split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def logo_src(company: Company, root: str) -> str:
    """A company's `logo` (a path under static/, or a URL) as a link from a page at `root`."""
    return company.logo if "://" in company.logo else root + company.logo.lstrip("/")


def _template_source(theme: Theme, name: str) -> tuple[str, str, Callable[[], bool]] | None:
    if name not in theme.templates:
        return None
    source, display = theme.templates[name]
    return _unindented_source(source), display, lambda: True


def _unindented_source(source: str) -> str:
    """A template without the indentation of its lines: it is in every page a template makes
    (~180 bytes of a posting page, 3 MB of a 10,000-posting site) and changes nothing shown.
    Line numbers stay, for errors; a template with <pre> or <textarea>, where white space shows,
    is kept as written. Markdown bodies are values, not template source, so stay as they are."""
    if "<pre" in source or "<textarea" in source:
        return source
    return _SOURCE_INDENT.sub(_one_space_after_a_tag, source)


# The indentation of a line; after a line ending in a block or comment tag, whose newline
# trim_blocks removes, it is the only white space between two elements, so one space stays.
_SOURCE_INDENT = re.compile(r"([%#]})?\n[ \t]+")


def _one_space_after_a_tag(match: re.Match[str]) -> str:
    return match.group(1) + "\n " if match.group(1) else "\n"


BOARD_TEMPLATES = "templates/"  # the display paths of the board's own templates (load_theme names them)

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


def paginated(base: str, template: str, postings: tuple[Posting, ...], canonical: str, **context: Any) -> list[Page]:
    """One page per PAGE_SIZE postings, newest first; an empty list still gets its first page.
    The first page is also at page/1/ (a guessed URL should not be a 404), a copy whose
    canonical link names the first page's own URL."""
    count = max(1, -(-len(postings) // PAGE_SIZE))
    result = []
    for number in range(1, count + 1):
        pager = Pager(base, number, count, len(postings))
        shown = postings[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        result.append(Page(pager.url(number) + "index.html", template, {**context, "postings": shown, "pager": pager}))
    first = result[0]
    result.append(Page(f"{base}page/1/index.html", template, {**first.context, "canonical": canonical}))
    return result


def pages(board: Board) -> list[Page]:
    """Every HTML page of the site with its template and context."""
    result = [
        *paginated("", "index.html", board.open_postings, canonical=board.config.base_url),
        Page("companies/index.html", "companies.html", {}),
        Page("skills/index.html", "skills.html", {}),
        Page("404.html", "404.html", {}),
        # the browser's own list (static/assets/saved.js): nothing of the board's, so not in the sitemap
        Page("saved/index.html", "saved.html", {"unlisted": True}),
        *salaries_pages(board),
    ]
    result += [Page(f"jobs/{p.slug}/index.html", "posting.html", {"posting": p, "related": board.related[p.slug]})
               for p in board.postings]
    result += [
        Page(f"companies/{c.slug}/index.html", "company.html", {"company": c, "postings": board.by_company.get(c.slug, ())})
        for c in board.companies.values()
    ]
    for s in board.skills.values():
        result += paginated(f"skills/{s.slug}/", "skill.html", board.by_skill.get(s.slug, ()), skill=s,
                            canonical=f"{board.config.base_url}skills/{s.slug}/")
    return result


# Rows of the "Every band" table per page, and the most items the salaries page lists in its
# notes: at 100,000 postings, /salaries/ with every band on it was one 28.9 MB page.
SALARY_ROWS = 1000
# Companies in the range chart: at 100,000 postings, 5,000 bars were a 170,000-pixel-tall chart.
CHART_BARS = 100


def salaries_pages(board: Board) -> list[Page]:
    """/salaries/ with the statistics and the first SALARY_ROWS bands, then the rest of the bands
    at /salaries/page/2/, ... Only a board with more bands than that has the further pages."""
    first = salaries_page(board)
    if sum(len(p.salary) for p in board.open_postings) <= SALARY_ROWS:
        return [first]
    rows = salary_tables.band_rows(board, salary_tables.entries(board))
    count = -(-len(rows) // SALARY_ROWS)
    return [first] + [
        Page(f"salaries/page/{number}/index.html", "salary_bands.html",
             {"bands": rows[(number - 1) * SALARY_ROWS : number * SALARY_ROWS],
              "band_pager": Pager("salaries/", number, count, len(rows))})
        for number in range(2, count + 1)
    ]


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
    companies = report.table("by-company").rows
    if len(companies) > CHART_BARS:  # those with the most bands, in the table's order
        most = sorted(range(len(companies)), key=lambda i: -companies[i].stats.count)[:CHART_BARS]
        companies = tuple(companies[i] for i in sorted(most))
    count = max(1, -(-len(report.entries) // SALARY_ROWS))
    return {"report": report, "chart": salary_chart.range_chart(companies, salary.Pay(board.config)),
            "bands": salary_tables.band_rows(board, report.entries[:SALARY_ROWS]),
            "band_pager": Pager("salaries/", 1, count, len(report.entries)), "list_limit": SALARY_ROWS}


def root_of(page: Page, board: Board) -> str:
    """The prefix that leads from a page to the site root. Relative, so the site works at
    any path; the 404 page is served at any depth, so it uses base_url's absolute path."""
    if page.path == "404.html":
        return board.config.base_path
    return "../" * page.path.count("/") or "./"


def _unindented(html: str) -> str:
    """Lines without their indentation: a card is on up to 50 list pages and in the search
    index, so its template's indentation would be a good part of their bytes."""
    return _INDENT.sub("\n", html)


_INDENT = re.compile(r"\n[ \t]+")


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
            self.made[key] = _unindented(self.env.get_template("_card.html").render(
                p=posting, show_company=show_company, root=self.ROOT, board=self.board, config=self.board.config,
                today=self.board.today, logo_src=logo_src))
        return self.made[key]

    def results(self, theme: Theme) -> ResultCards:
        """The cards as search results show them: with the company, links relative to the site
        root (search.js resolves them), keyed by every template (a card may include others)."""
        key = hashlib.sha256(repr(sorted(theme.templates.items())).encode()).hexdigest()

        def result(posting: Posting) -> str:  # made by the search index, outside any page's render
            with template_errors(theme):
                return self.card(posting, True).replace(self.ROOT, "")
        return ResultCards(result, key)

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
        "logo_src": logo_src,
        "ui_strings": _ui_strings(i18n.strings(board.config)),
        "stemmer_script": stemmer_script(board.config.language),
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


def generated(board: Board, pages: list[Page], cards: ResultCards) -> list[Generated]:
    """Feeds, sitemap, robots.txt and the search index."""
    result = [Generated("feed.xml", {"postings": board.open_postings[:feeds.ENTRIES]},
                        lambda: {"feed.xml": feeds.board_feed(board)})]
    for company in board.companies.values() if board.config.company_feeds else ():
        path = f"companies/{company.slug}/feed.xml"
        shown = board.by_company.get(company.slug, ())[:feeds.ENTRIES]
        result.append(Generated(path, {"company": company, "postings": shown},
                                lambda path=path, company=company: {path: feeds.company_feed(board, company)}))
    result += sitemaps(board, pages)
    result.append(Generated("robots.txt", {"robots": True}, lambda: {"robots.txt": seo.robots(board)}))
    result.append(Generated("search/", {"postings": indexed(board), "skills": tuple(board.skills.values()),
                                        "companies": tuple(board.companies.values()), "cards": cards.key},
                            lambda: search_outputs(board, cards), lambda previous: build_index(board, cards, previous)))
    return result


def sitemaps(board: Board, pages: list[Page]) -> list[Generated]:
    """sitemap.xml, or when the site has more URLs than one file may hold, sitemap.xml as the
    index of sitemap-1.xml, sitemap-2.xml, ... (each its own file, so an edit remakes one)."""
    parts = seo.sitemap_parts(seo.sitemap_entries(board, pages))
    if len(parts) == 1:
        return [Generated("sitemap.xml", {"entries": parts[0]}, lambda: {"sitemap.xml": seo.sitemap(board, parts[0])})]
    files = tuple((f"sitemap-{number}.xml", max(day for _, day in part)) for number, part in enumerate(parts, 1))
    result = [Generated("sitemap.xml", {"files": files}, lambda: {"sitemap.xml": seo.sitemap_index(board, files)})]
    for (name, _), part in zip(files, parts):
        result.append(Generated(name, {"entries": part},
                                lambda name=name, part=part: {name: seo.sitemap(board, part)}))
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
        with template_errors(self.theme):
            return render_page(self.env, self.board, page, self.assets, self.cards)

    def render_all(self, todo: list[Page]) -> Outputs:
        return {page.path: self.render(page) for page in todo}

    def make_all(self, todo: list[Generated]) -> Outputs:
        return {path: data for group in todo for path, data in group.make().items()}


def prepare_site(board: Board, theme: Theme, env: jinja2.Environment | None = None) -> Site:
    """`env` may be reused from a previous Site with the same theme, keeping compiled templates."""
    static, assets = fingerprint(theme.static)
    all_pages = pages(board)
    env = env or make_environment(theme)
    cards = Cards(env, board)
    return Site(board, theme, env, tuple(all_pages), tuple(generated(board, all_pages, cards.results(theme))),
                static, assets, cards)


def render_site(board: Board, theme: Theme) -> Outputs:
    site = prepare_site(board, theme)
    # a board's own static file (say robots.txt) overrides a generated one, as in the dev server
    return {**site.make_all(list(site.generated)), **site.static, **site.render_all(list(site.pages))}


@contextmanager
def template_errors(theme: Theme) -> Iterator[None]:
    """A template problem raised inside, as BuildFailed at its template file and line."""
    try:
        yield
    except jinja2.TemplateError as exc:
        raise BuildFailed([_template_error(exc, theme)]) from None
    except Exception as exc:  # such as {{ 1/0 }} or a template that includes itself
        error = _board_template_error(exc, theme)
        if error is None:  # not raised in the board's own templates: a bug of ours
            raise
        raise BuildFailed([error]) from None


def _template_error(exc: jinja2.TemplateError, theme: Theme) -> SourceError:
    """Name the template file and line, from the exception or from Jinja's rewritten traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return SourceError(exc.filename, exc.lineno, "template", exc.message or str(exc))
    message = f"there is no template '{exc.name}'" if isinstance(exc, jinja2.TemplateNotFound) else str(exc)
    displays = {display for _, display in theme.templates.values()}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in displays]
    if frames:
        return SourceError(frames[-1].filename, frames[-1].lineno or 1, "template", message)
    return SourceError("templates", 1, "template", message)


def _board_template_error(exc: Exception, theme: Theme) -> SourceError | None:
    """A Python error raised while rendering, at the innermost line of the board's own templates
    on its way (Jinja rewrites tracebacks so that frames name template files); None when none is."""
    board_templates = {display for _, display in theme.templates.values() if display.startswith(BOARD_TEMPLATES)}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in board_templates]
    if not frames:
        return None
    message = "templates include or call each other without end" if isinstance(exc, RecursionError) else str(exc)
    return SourceError(frames[-1].filename, frames[-1].lineno or 1, "template",
                       f"{type(exc).__name__}: {message}" if message else type(exc).__name__)
