"""The import extractors on real-world phrasings: salary bands, places, skills, fields."""

from __future__ import annotations

import pytest

from builder.importing import extract_fields
from builder.importing.extract_places import find_places, remote_countries, resolve
from builder.importing.extract_salary import extract
from builder.importing.extract_skills import find_skills, vocabulary

Y, M, W, D, H = "YEAR", "MONTH", "WEEK", "DAY", "HOUR"

SALARIES = [
    ("Salary Range: 185,000 to 250,000 USD per year.", [(185000, 250000, "USD", Y, "")]),
    ("Our best estimate of the compensation range for this opportunity is $125,269-$179,597 annually for a "
     "Senior I and $136,543-$195,761 annually for a Senior II, depending on the experience you bring.",
     [(125269, 179597, "USD", Y, "Senior I"), (136543, 195761, "USD", Y, "Senior II")]),
    ("Salary: $80-100k per year", [(80000, 100000, "USD", Y, "")]),
    ("Compensation: $120K–$150K annually", [(120000, 150000, "USD", Y, "")]),
    ("Base salary range: $140k - $165k", [(140000, 165000, "USD", Y, "")]),
    ("The pay range is 90 thousand to 110 thousand USD per year.", [(90000, 110000, "USD", Y, "")]),
    ("Gehalt: 65.000 € – 80.000 € brutto im Jahr", [(65000, 80000, "EUR", Y, "")]),
    ("Gehalt: 65.000 € – 80.000 €", [(65000, 80000, "EUR", Y, "")]),
    ("Vergütung: 4.500 € - 5.500 € pro Monat", [(4500, 5500, "EUR", M, "")]),
    ("Salary: 65 000 – 80 000 € per year", [(65000, 80000, "EUR", Y, "")]),
    ("Salary: €55k-€70k per annum", [(55000, 70000, "EUR", Y, "")]),
    ("Salary: £45,000 - £55,000 per annum", [(45000, 55000, "GBP", Y, "")]),
    ("£45,000 per annum", [(45000, 45000, "GBP", Y, "")]),
    ("£450-£550 per day", [(450, 550, "GBP", D, "")]),
    ("Day rate: £500 - £600", [(500, 600, "GBP", D, "")]),
    ("Rate: €600/day", [(600, 600, "EUR", D, "")]),
    ("Daily rate of €650 to €800 (outside IR35)", [(650, 800, "EUR", D, "")]),
    ("$45 - $60 per hour", [(45, 60, "USD", H, "")]),
    ("Hourly rate: $45 - $60", [(45, 60, "USD", H, "")]),
    ("Compensation: $25/hr", [(25, 25, "USD", H, "")]),
    ("Pay: $32.50 - $38.75 an hour", [(32.5, 38.75, "USD", H, "")]),
    ("Internship paying $7,000/month", [(7000, 7000, "USD", M, "")]),
    ("Salary: $6,000 - $7,500 monthly", [(6000, 7500, "USD", M, "")]),
    ("Weekly pay: $1,200 - $1,500 per week", [(1200, 1500, "USD", W, "")]),
    ("Salary: US$90,000 – US$120,000", [(90000, 120000, "USD", Y, "")]),
    ("Compensation: CA$120,000 – CA$140,000 annually", [(120000, 140000, "CAD", Y, "")]),
    ("Salary: C$95,000 - C$115,000 per year", [(95000, 115000, "CAD", Y, "")]),
    ("Salary: $120,000 - $150,000 CAD", [(120000, 150000, "CAD", Y, "")]),
    ("NZD 90,000 - 110,000 per annum", [(90000, 110000, "NZD", Y, "")]),
    ("Salary: NZ$100k – NZ$120k", [(100000, 120000, "NZD", Y, "")]),
    ("Salary: AU$150,000 - AU$170,000 + super", [(150000, 170000, "AUD", Y, "")]),
    ("Salary: USD 120k–140k", [(120000, 140000, "USD", Y, "")]),
    ("Salary: CHF 120,000 – 140,000 per year", [(120000, 140000, "CHF", Y, "")]),
    ("Gehalt: CHF 110.000 bis 130.000 im Jahr", [(110000, 130000, "CHF", Y, "")]),
    ("Salary: 1.234,56 € pro Monat", [(1234.56, 1234.56, "EUR", M, "")]),
    ("Salary: $70,000-$90,000 (depending on experience)", [(70000, 90000, "USD", Y, "")]),
    ("The base salary range for this full-time position is $142,000 - $190,000 + equity + benefits.",
     [(142000, 190000, "USD", Y, "")]),
    ("We pay between $100,000 and $120,000 a year.", [(100000, 120000, "USD", Y, "")]),
    ("The salary for this role is $150,000 - $180,000 in Colorado and $160,000 - $190,000 in New York.",
     [(150000, 180000, "USD", Y, "Colorado"), (160000, 190000, "USD", Y, "New York")]),
    ("The pay range for this role:\n\nCalifornia: $150k - $180k\nNew York: $145,000 - $175,000\nColorado: $130,000 - $160,000",
     [(150000, 180000, "USD", Y, "California"), (145000, 175000, "USD", Y, "New York"),
      (130000, 160000, "USD", Y, "Colorado")]),
    ("Salary bands:\n- Junior: €45k-€55k per year\n- Senior: €70k-€85k per year",
     [(45000, 55000, "EUR", Y, "Junior"), (70000, 85000, "EUR", Y, "Senior")]),
    ("Salary: ₹18,00,000 per year", []),  # lakh grouping: not read rather than misread
    ("We raised $50 million in our Series B.", []),
    ("A $1,000 learning stipend per year.", []),
    ("401k match and 25 days of holiday.", []),
    ("Salary: competitive", []),
    ("Salary: $120,000 - $150,000", [(120000, 150000, "USD", Y, "")]),
]


@pytest.mark.parametrize("text, bands", SALARIES, ids=[s[0][:50] for s in SALARIES])
def test_salary_phrasings(text: str, bands: list[tuple]) -> None:
    found = [(b.min, b.max, b.currency, b.period, b.level) for b in extract(text).bands]
    assert found == bands


@pytest.mark.parametrize("text", ["Pay: up to $150,000 per year", "Salary: from €60,000 per year",
                                  "Base salary: $150,000+ per year", "Salary up to 90k EUR per year"])
def test_open_ended_pay_is_reported_not_a_band(text: str) -> None:
    salary = extract(text)
    assert salary.bands == ()
    assert salary.doubts and "open-ended; not a band" in salary.doubts[0]


def test_salary_text_is_the_employers_wording() -> None:
    text = "## Pay\n\nSalary Range: 185,000 to 250,000 USD per year.\n\nWe offer equity."
    assert extract(text).text == "Salary Range: 185,000 to 250,000 USD per year."


@pytest.mark.parametrize("text, place", [
    ("Denver, CO", "Denver, CO, US"), ("Auckland, New Zealand", "Auckland, NZ"), ("Hamburg", "Hamburg, HH, DE"),
    ("NYC", "New York, NY, US"), ("Boulder, Colorado", "Boulder, CO, US"), ("Toronto, ON", "Toronto, ON, CA"),
    ("London, UK", "London, GB"), ("Berlin, Germany", "Berlin, BE, DE"), ("Oslo", "Oslo, NO"),
    ("Paris, Île-de-France, France", "Paris, Île-de-France, FR"), ("München", "Munich, BY, DE"),
])
def test_places(text: str, place: str) -> None:
    assert str(resolve(text)) == place


@pytest.mark.parametrize("text, place", [
    ("Berlin, DE", "Berlin, BE, DE"), ("Tel Aviv, IL", "Tel Aviv, IL"), ("Paris, FR", "Paris, FR"),
    ("Lyon, FR", "Lyon, FR"), ("London, GB", "London, GB"),
    # a US state's code after a city the gazetteer does not place elsewhere stays the state
    ("Dover, DE", "Dover, DE, US"), ("San Diego, CA", "San Diego, CA, US"), ("Denver, CO", "Denver, CO, US"),
])
def test_a_country_code_after_a_city_is_that_country(text: str, place: str) -> None:
    assert str(resolve(text)) == place


@pytest.mark.parametrize("text", ["Remote", "Germany, Austria", "Springfield", "Engineering"])
def test_what_is_not_a_place(text: str) -> None:
    assert resolve(text) is None


def test_places_in_location_lines_and_in_prose() -> None:
    assert [str(p) for p in find_places(["🌎 remote,NYC or Remote"], "")] == ["New York, NY, US"]
    assert [str(p) for p in find_places(["Denver, CO (hybrid) / Auckland, New Zealand"], "")] == \
        ["Denver, CO, US", "Auckland, NZ"]
    assert [str(p) for p in find_places([], "Our team is based in Hamburg.")] == ["Hamburg, HH, DE"]
    assert find_places([], "We ship to Hamburg and beyond.") == []


@pytest.mark.parametrize("text, codes", [
    ("You can work remotely from anywhere in the U.S. or at our headquarters", ["US"]),
    ("Remote (UK, Ireland)", ["GB", "IE"]), ("This role is remote within Germany.", ["DE"]),
    ("Remote - Canada", ["CA"]), ("We are a friendly team.", []),
])
def test_remote_eligibility(text: str, codes: list[str]) -> None:
    assert remote_countries(text) == codes


@pytest.mark.parametrize("text, skills", [
    ("We use Postgres and k8s with Node", ["PostgreSQL", "Kubernetes", "Node.js"]),
    ("Experience in Python or other languages such as Go, Java, or C", ["Python", "Go", "Java"]),
    ("You will own our go to market motion", []), ("Go to market strategy", []), ("Go-to-market", []),
    ("Go beyond the brief", []), ("Golang microservices", ["Go"]), ("a node in a graph", []),
    ("JS/TS, React.js, Vue", ["JavaScript", "TypeScript", "React", "Vue"]),
    ("Elastic Search and ElasticSearch", ["Elasticsearch"]), ("C++ and C#", ["C++", "C#"]),
    ("ASP.NET Core services", [".NET"]), ("Ruby on Rails", ["Ruby on Rails"]), ("payment rails", []), ("React Native apps", ["React Native"]),
    ("reactive programming", []), ("Amazon Web Services (AWS)", ["AWS"]),
])
def test_skills_with_aliases(text: str, skills: list[str]) -> None:
    assert find_skills(text, vocabulary()) == skills


def test_a_board_extends_the_vocabulary(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "import-skills.yml").write_text("- {name: Sumo Logic, aliases: [SumoLogic]}\n")
    assert find_skills("Tooling: GitLab, SumoLogic", vocabulary(tmp_path)) == ["GitLab", "Sumo Logic"]
    assert find_skills("Tooling: GitLab, SumoLogic", vocabulary()) == ["GitLab"]


@pytest.mark.parametrize("body, title", [
    ("We are seeking an experienced Senior Software Engineer, Backend to help lead the team.",
     "Senior Software Engineer, Backend"),
    ("Job title: Staff Data Engineer\n\nAbout us", "Staff Data Engineer"),
    ("Senior Rust Engineer\n\nWe build databases.", "Senior Rust Engineer"),
    ("We're looking for a Product Designer who loves type.", "Product Designer"),
    ("Our story\n\nWe make tea.", ""),
])
def test_titles(body: str, title: str) -> None:
    lines = [line for line in body.split("\n") if line.strip()][:3]
    assert extract_fields.title("", lines, body) == title


@pytest.mark.parametrize("body, company", [
    ("## About Otter.ai\n\nWe are in the business", "Otter.ai"),
    ("At Quillstone, we build editors.", "Quillstone"),
    ("Company: Noordlicht Games\n", "Noordlicht Games"),
    ("Fahrwerk is a charging network for fleets.", "Fahrwerk"),
])
def test_companies(body: str, company: str) -> None:
    assert extract_fields.company("", body) == company


@pytest.mark.parametrize("meta, body, mode", [
    (["remote,NYC or Remote"], "", "remote"), (["Berlin (Hybrid)"], "", "hybrid"),
    ([], "This is a fully remote position.", "remote"), ([], "Three days a week on-site in Austin.", "onsite"),
    ([], "Hybrid: two days in the office.", "hybrid"), ([], "We make tea.", ""),
])
def test_work_mode(meta: list[str], body: str, mode: str) -> None:
    assert extract_fields.work_mode(meta, body) == mode


@pytest.mark.parametrize("text, kinds", [
    ("Full-time, permanent", ("FULL_TIME",)), ("Part-time (20 hours)", ("PART_TIME",)),
    ("6-month contract, outside IR35", ("CONTRACTOR",)), ("Summer Internship 2027", ("INTERN",)),
    ("Fixed-term maternity cover", ("TEMPORARY",)), ("We make tea.", ()),
])
def test_employment_types(text: str, kinds: tuple[str, ...]) -> None:
    assert extract_fields.employment_types("", [], text) == kinds


@pytest.mark.parametrize("body, url", [
    ("## CLICK TO [APPLY](https://x.example/apply/1)", "https://x.example/apply/1"),
    ("Read [our blog](https://x.example/blog).\n\nApply at https://x.example/careers/42", "https://x.example/careers/42"),
    ("Send your CV to jobs@quill.example.", "mailto:jobs@quill.example"),
    ("Read [our blog](https://x.example/blog).", ""),
])
def test_apply(body: str, url: str) -> None:
    assert extract_fields.apply_url("", body) == url


def test_date_posted() -> None:
    assert extract_fields.date_posted("", "Posted on November 3, 2026") == "2026-11-03"
    assert extract_fields.date_posted("", "Date posted: 2026-11-09") == "2026-11-09"
    assert extract_fields.date_posted("2026-11-10T09:00:00Z", "") == "2026-11-10"
    assert extract_fields.date_posted("", "We make tea.") == ""
