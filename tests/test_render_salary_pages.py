"""Salary tables as a reader sees them: posting, company and /salaries/ pages of the example board."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import pytest

from builder.output.build import build, write_outputs
from tests.conftest import BUILD_EPOCH, company_md, posting_md

REPO = Path(__file__).resolve().parent.parent
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list["Node | str"] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(" ".join(c.text() if isinstance(c, Node) else c for c in self.children).split())

    def iter(self) -> Iterator["Node"]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def all(self, tag: str, **attrs: str) -> list["Node"]:
        return [n for n in self.iter() if n.tag == tag and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def elements(self) -> list["Node"]:
        return [c for c in self.children if isinstance(c, Node)]


class Strict(HTMLParser):
    """A tree from html.parser that records every mismatched or unclosed tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if self.stack[-1].tag != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1].tag}> at line {self.getpos()[0]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: bytes) -> Node:
    parser = Strict()
    parser.feed(html.decode("utf-8"))
    parser.close()
    unclosed = [n.tag for n in parser.stack[1:]]
    assert parser.problems == [] and unclosed == [], (parser.problems, unclosed)
    return parser.root


@pytest.fixture(scope="module")
def site() -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        _, outputs = build(REPO)
    return outputs


def table_rows(table: Node) -> list[list[str]]:
    body = table.all("tbody")[0]
    return [[cell.text() for cell in tr.elements()] for tr in body.all("tr")]


def salary_table(page: Node) -> Node:
    [section] = [s for s in page.all("section") if "salary" in s.attrs.get("class", "")]
    [table] = section.all("table")
    return table


def test_olo_bands_are_two_rows_with_their_levels_on_posting_and_company_pages(site: dict[str, bytes]) -> None:
    posting = table_rows(salary_table(parse(site["jobs/olo-sdse/index.html"])))
    assert posting == [["Senior I", "USD 125,269 – 179,597", "per year"],
                       ["Senior II", "USD 136,543 – 195,761", "per year"]]
    company = table_rows(salary_table(parse(site["companies/olo/index.html"])))
    assert [row[1:] for row in company] == [["Senior I", "USD 125k–180k/yr"], ["Senior II", "USD 137k–196k/yr"]]
    assert all(row[0] == "Senior Distributed Systems Engineer" for row in company)


def test_eur_hourly_contract_shows_hourly_range_and_annual_value_in_usd(site: dict[str, bytes]) -> None:
    table = salary_table(parse(site["jobs/noordlicht-cpp-engine-contractor/index.html"]))
    headers = [th.text() for th in table.all("thead")[0].all("th")]
    assert headers == ["Range", "Period", "Per year"]  # no band has a level: no Level column
    low, high = 85 * 2080 * 1.08, 110 * 2080 * 1.08  # site.yml: hours_per_year 2080, EUR 1.08
    assert table_rows(table) == [["EUR 85 – 110", "per hour", f"≈ USD {low:,.0f} – {high:,.0f}"]]


def test_pay_in_a_currency_without_a_rate_shows_per_year_in_its_own(site: dict[str, bytes]) -> None:
    table = salary_table(parse(site["jobs/alpenfirn-senior-dotnet-engineer/index.html"]))
    assert table_rows(table) == [["CHF 120,000 – 145,000", "per year", "CHF 120,000 – 145,000"]]  # no "no CHF rate"
    assert "rate" not in table.text()


def test_posting_without_a_band_says_not_disclosed(site: dict[str, bytes]) -> None:
    page = parse(site["jobs/ipe-pagamentos-senior-go-engineer/index.html"])
    [section] = [s for s in page.all("section") if "salary" in s.attrs.get("class", "")]
    assert "Salary not disclosed." in section.text() and section.all("table") == []


def test_chf_band_without_a_rate_is_listed_with_a_note_and_left_out(site: dict[str, bytes]) -> None:
    page = parse(site["salaries/index.html"])
    [note] = page.all("div", id="not-counted")
    assert "no exchange rate for CHF" in note.text()
    assert "Senior Software Engineer C# / .NET, Claims Platform at Alpenfirn" in note.text()
    assert "CHF 120,000 – 145,000 per year" in note.text()
    every = table_rows(_table_after(page, "every-band"))
    [chf] = [row for row in every if "CHF" in row[2]]
    assert chf[0].endswith("Alpenfirn Versicherungstechnik AG") and chf[3] == "Other currency"
    companies = [row[0] for row in table_rows(_table_after(page, "by-company"))]
    assert "Alpenfirn Versicherungstechnik AG" not in companies and "Olo" in companies
    skills = [row[0] for row in table_rows(_table_after(page, "by-skill"))]
    assert "C#" not in skills and ".NET" not in skills
    counted = sum(int(row[1]) for row in table_rows(_table_after(page, "by-level")))
    assert counted == len(every) - 1


def _table_after(page: Node, heading_id: str) -> Node:
    [section] = [s for s in page.all("section") if s.attrs.get("aria-labelledby") == heading_id]
    return section.all("table")[0]


def test_statistics_are_midpoints_in_board_currency(site: dict[str, bytes]) -> None:
    rows = {row[0]: row[1:] for row in table_rows(_table_after(parse(site["salaries/index.html"]), "by-company"))}
    olo_mids = [(125_269 + 179_597) / 2, (136_543 + 195_761) / 2]
    assert rows["Olo"] == ["2", f"{olo_mids[0] / 1000:.0f}k", f"{sum(olo_mids) / 2000:.0f}k", f"{olo_mids[1] / 1000:.0f}k"]
    # GBP 70,000-90,000 at 1.27 USD
    assert rows["Thistle & Finch"][2] == f"{80_000 * 1.27 / 1000:.0f}k"


def test_salaries_page_is_valid_html_with_accessible_tables(site: dict[str, bytes]) -> None:
    page = parse(site["salaries/index.html"])  # asserts balanced tags
    ids = [n.attrs["id"] for n in page.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    tables = page.all("table")
    assert len(tables) == 5
    for table in tables:
        assert table.elements()[0].tag == "caption" and table.elements()[0].text()
        assert all(th.attrs.get("scope") in ("col", "row") for th in table.all("th"))
        header_cells = table.all("thead")[0].all("th")
        numeric = [i for i, th in enumerate(header_cells) if "num" in th.attrs.get("class", "")]
        assert numeric, "every salary table has numeric columns"
        for tr in table.all("tbody")[0].all("tr"):
            assert all("num" in tr.elements()[i].attrs.get("class", "") for i in numeric)
    assert any("(USD/yr)" in th.text() for th in tables[0].all("th"))


def test_chart_is_inline_svg_with_title_desc_and_text_alternative(site: dict[str, bytes]) -> None:
    page = parse(site["salaries/index.html"])
    [svg] = page.all("svg")
    assert svg.attrs["role"] == "img"
    first, second = svg.elements()[:2]
    assert (first.tag, second.tag) == ("title", "desc") and "USD" in first.text()
    assert svg.attrs["aria-labelledby"].split() == [first.attrs["id"], second.attrs["id"]]
    bars = svg.all("g", class_="bar")
    companies = [row[0] for row in table_rows(_table_after(page, "by-company"))]
    assert [bar.all("text")[0].text() for bar in bars] == companies
    [alternative] = page.all("details", id="chart-text")
    items = [li.text() for li in alternative.all("li")]
    assert len(items) == len(companies)
    assert items[companies.index("Olo")] == "Olo: USD 125,269 to 195,761 a year, median midpoint 159,292 (2 bands)"


def test_nav_links_to_salaries(site: dict[str, bytes]) -> None:
    nav = parse(site["index.html"]).all("nav")[0]
    assert "./salaries/" in [a.attrs["href"] for a in nav.all("a")]
    current = parse(site["salaries/index.html"]).all("a", **{"aria-current": "page"})
    assert [a.text() for a in current] == ["Salaries"]


def test_board_without_bands_and_hostile_names(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md()})
    _, outputs = build(board)
    page = parse(outputs["salaries/index.html"])
    assert page.all("svg") == [] and "No open posting states a salary" in page.text()
    evil = make_board({
        "content/companies/evil.md": company_md(name="</script><svg onload=alert(1)>"),
        "content/jobs/x.md": posting_md(company="evil", salary=[{"level": "<b>L</b>", "min": 1, "max": 2,
                                                                  "currency": "USD", "period": "HOUR"}]),
    }, name="evil")
    _, outputs = build(evil)
    html = outputs["salaries/index.html"].decode()
    assert "<svg onload" not in html and "<b>L</b>" not in html
    assert "&lt;/script&gt;&lt;svg onload=alert(1)&gt;" in html
    parse(outputs["salaries/index.html"])


@pytest.fixture(scope="module")
def served(site: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_outputs(site, out)
    return out


def test_clicking_a_header_sorts_the_table(served: Path, serve_dir, page) -> None:  # noqa: ANN001
    page.goto(serve_dir(served) + "/salaries/")
    table = page.locator("section[aria-labelledby=by-company] table")
    names = table.locator("tbody th").all_inner_texts()
    table.get_by_role("button", name="Company").click()
    assert table.locator("tbody th").all_inner_texts() == sorted(names, key=str.lower)
    assert table.locator("thead th").nth(0).get_attribute("aria-sort") == "ascending"
    median = table.get_by_role("button", name="Median (USD/yr)")
    median.click()
    ascending = table.locator("tbody th").all_inner_texts()
    median.click()
    assert table.locator("tbody th").all_inner_texts() == ascending[::-1] == names
