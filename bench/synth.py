"""A small deterministic generator of synthetic boards for the search benchmark.

`write_board(folder, n)` writes a contract-format board (site.yml, companies, postings with
3-6 KB markdown bodies); `board_of(n)` builds the same board as in-memory records, skipping
the loader, for sizes where writing and parsing 100k files would dominate the run. Both take
`language`: "en" (the default) or "de", a German board (its words in synth_de.py).
"""

from __future__ import annotations

import html
import random
from datetime import date, timedelta
from pathlib import Path

import yaml

import synth_de
from builder.load.records import Band, Company, Config, Location, Posting
from builder.model.board import Board, assemble
from builder.search.snippets import sentence_file
from builder.search.tokens import distinct_terms

TODAY = date(2026, 11, 22)
SITE = {"title": "Synthetic Board", "base_url": "https://bench.example/board/", "currency": "USD",
        "exchange_rates": {"EUR": 1.08, "GBP": 1.27}}
SKILLS = ["Python", "Go", "Rust", "Java", "Kotlin", "Scala", "C++", "C#", ".NET", "Node.js", "TypeScript",
          "JavaScript", "React", "Vue.js", "Angular", "Swift", "Kafka", "PostgreSQL", "MySQL", "Redis",
          "Kubernetes", "Docker", "Terraform", "AWS", "GCP", "Azure", "Django", "Flask", "Spring", "Rails",
          "Elixir", "Erlang", "Haskell", "OCaml", "PHP", "Laravel", "GraphQL", "gRPC", "Spark", "Airflow",
          "dbt", "Snowflake", "ClickHouse", "Elasticsearch", "Linux", "Ansible", "Prometheus", "Flutter"]
ROLES = ["Backend Engineer", "Frontend Engineer", "Full-Stack Developer", "Data Engineer", "Site Reliability Engineer",
         "Platform Engineer", "Mobile Developer", "Machine Learning Engineer", "Security Engineer", "QA Engineer",
         "Engineering Manager", "DevOps Engineer", "Data Scientist", "Solutions Architect", "Embedded Engineer"]
LEVELS = ["", "Junior", "Senior", "Staff", "Principal", "Lead"]
CITIES = [("Zürich", "ZH", "CH"), ("São Paulo", "SP", "BR"), ("Kraków", "", "PL"), ("München", "BY", "DE"),
          ("Berlin", "BE", "DE"), ("Malmö", "", "SE"), ("London", "England", "GB"), ("Paris", "", "FR"),
          ("Montréal", "QC", "CA"), ("New York", "NY", "US"), ("Austin", "TX", "US"), ("Bogotá", "", "CO"),
          ("Lisboa", "", "PT"), ("Wien", "", "AT"), ("Amsterdam", "NH", "NL"), ("Córdoba", "", "AR"),
          ("Tallinn", "", "EE"), ("Århus", "", "DK"), ("Łódź", "", "PL"), ("Seattle", "WA", "US")]
DOMAINS = ["payments", "logistics", "insurance", "healthcare", "energy", "retail", "travel", "gaming",
           "education", "climate", "media", "security", "mobility", "agriculture", "real estate", "banking"]
SENTENCES = [
    "Our {domain} platform serves millions of requests a day and we are growing the team behind it.",
    "You will design, build and operate services in {skill} that our customers rely on every day.",
    "We care about readable code, small pull requests and reviews that teach rather than block.",
    "The team owns its services end to end, from the first design document to the on-call rotation.",
    "Most of our stack runs on {skill} and {skill2}, deployed several times a day behind feature flags.",
    "You will work closely with product managers, designers and the {domain} specialists on our side.",
    "We are migrating the {product} system away from a monolith, one well-tested step at a time.",
    "Experience with {skill} is a plus, but we value curiosity and fundamentals over a checklist.",
    "Our office in {city} is a short walk from the station; most of the team comes in twice a week.",
    "We publish our salary bands and every engineer at the same level earns within the same range.",
    "You will mentor colleagues, write design notes and help shape the engineering practices of the group.",
    "Observability matters to us: we measure latency, errors and saturation before we guess.",
    "The {product} team maintains internal tools used by hundreds of colleagues across {domain}.",
    "We offer a learning budget, conference time and a quiet week each quarter for deep work.",
    "Good written communication is important because half of the team works across time zones.",
    "We run incident reviews without blame and turn their findings into concrete improvements.",
]
SYLLABLES = ["ka", "lo", "mi", "ra", "ven", "tor", "ul", "sen", "dra", "pol", "quin", "zar", "bel", "nox", "fi", "ter"]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


HEADINGS = ["About the role", "What you will do", "What we offer", "About you"]
WORDS = {"en": {"ROLES": ROLES, "LEVELS": LEVELS, "DOMAINS": DOMAINS, "SENTENCES": SENTENCES, "HEADINGS": HEADINGS},
         "de": {name: getattr(synth_de, name) for name in ("ROLES", "LEVELS", "DOMAINS", "SENTENCES", "HEADINGS")}}


def _body(rng: random.Random, skills: list[str], city: str, words: dict) -> str:
    """Markdown of 3-6 KB: paragraphs and bullet lists from the sentence templates above."""
    target, parts = rng.randint(3000, 6000), []
    while sum(len(p) for p in parts) < target:
        sentences = [rng.choice(words["SENTENCES"]).format(
            domain=rng.choice(words["DOMAINS"]), skill=rng.choice(skills), skill2=rng.choice(SKILLS), city=city,
            product=_name(rng, 3)) for _ in range(rng.randint(3, 6))]
        parts.append(" ".join(sentences) if rng.random() < 0.6 else "\n".join("- " + s for s in sentences))
        if rng.random() < 0.2:
            parts.append(f"## {rng.choice(words['HEADINGS'])}")
    return "\n\n".join(parts) + "\n"


def posting_fields(rng: random.Random, k: int, companies: list[str], language: str = "en") -> tuple[dict, str]:
    """The front matter and body of synthetic posting number k."""
    words = WORDS[language]
    skills = rng.sample(SKILLS, rng.randint(3, 6))
    city = rng.choice(CITIES)
    posted = TODAY - timedelta(days=rng.randint(0, 180))
    fields: dict = {
        "title": " ".join(filter(None, [rng.choice(words["LEVELS"]), rng.choice(words["ROLES"])])) + f", {skills[0]}",
        "company": rng.choice(companies), "date_posted": posted.isoformat(),
        "employment_type": rng.choice(["FULL_TIME"] * 8 + ["PART_TIME", "CONTRACTOR"]),
        "remote": rng.choice(["onsite", "hybrid", "hybrid", "remote"]),
        "locations": [", ".join(filter(None, city))],
        "skills": skills, "tags": rng.sample(words["DOMAINS"], 2), "apply": f"https://jobs.example/{k}",
    }
    if rng.random() < 0.7:
        low = rng.randrange(40_000, 180_000, 1000)
        fields["salary"] = [{"min": low, "max": low + rng.randrange(10_000, 60_000, 1000),
                             "currency": rng.choice(["USD", "USD", "EUR", "GBP", "CHF"]), "period": "YEAR"}]
    if rng.random() < 0.05:
        fields["valid_through"] = (posted + timedelta(days=10)).isoformat()  # often expired by TODAY
    if rng.random() < 0.01:
        fields["draft"] = True
    return fields, _body(rng, skills, city[0], words)


def company_slugs(n: int) -> list[str]:
    return [f"company-{i:05d}" for i in range(max(n // 20, 1))]  # N/20 companies, as in issue 7


def generate(n: int, seed: int = 1, language: str = "en") -> tuple[list[str], list[tuple[str, dict, str]]]:
    rng = random.Random(seed)
    companies = company_slugs(n)
    return companies, [(f"job-{k:06d}", *posting_fields(rng, k, companies, language)) for k in range(n)]


def write_board(folder: Path, n: int, seed: int = 1, language: str = "en") -> Path:
    companies, postings = generate(n, seed, language)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yml").write_text(yaml.safe_dump({**SITE, "language": language}), encoding="utf-8")
    (folder / "content/companies").mkdir(parents=True, exist_ok=True)
    for slug in companies:
        (folder / f"content/companies/{slug}.md").write_text(
            f"---\nname: {company_name(slug)}\nwebsite: https://{slug}.example\n---\nWe make things.\n", encoding="utf-8")
    for k, (slug, fields, body) in enumerate(postings):
        path = folder / f"content/jobs/{k // 1000:03d}/{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n" + body,
                        encoding="utf-8")
    return folder


def company_name(slug: str) -> str:
    rng = random.Random(slug)
    return f"{_name(rng, 2)} {rng.choice(['Labs', 'Systems', 'GmbH', 'AG', 'Software', 'Group'])}"


def board_of(n: int, seed: int = 1, language: str = "en") -> Board:
    """The same board as write_board's, as records: no YAML or markdown parsing."""
    companies, postings = generate(n, seed, language)
    config = Config(title=SITE["title"], base_url=SITE["base_url"], currency="USD", language=language,
                    exchange_rates=tuple(sorted(SITE["exchange_rates"].items())))
    records = {slug: Company(slug, f"content/companies/{slug}.md", company_name(slug), f"https://{slug}.example")
               for slug in companies}
    return assemble(config, records, [_posting(slug, f, body) for slug, f, body in postings], TODAY)


def _paragraphs(body: str) -> str:
    """The body as HTML paragraphs: the text the search index's snippets come from (no markdown
    rendering, which would dominate a 100k run)."""
    return "".join(f"<p>{html.escape(block)}</p>" for block in body.split("\n\n"))


def _posting(slug: str, f: dict, body: str) -> Posting:
    parts = f["locations"][0].split(", ")  # "City, Region, CC" or "City, CC"
    city, region, country = parts[0], parts[1] if len(parts) == 3 else "", parts[-1]
    return Posting(
        slug=slug, path=f"content/jobs/{slug}.md", title=f["title"], company=f["company"],
        date_posted=date.fromisoformat(f["date_posted"]), apply=f["apply"], body_html=_paragraphs(body), excerpt=body[:160], body_terms=distinct_terms(body),
        sentences=sentence_file(_paragraphs(body)),  # the snippets' files: empty ones never show
        valid_through=date.fromisoformat(f["valid_through"]) if "valid_through" in f else None,
        employment_type=(f["employment_type"],), locations=(Location(country, city, region),), remote=f["remote"],
        salary=tuple(Band(b["min"], b["max"], b["currency"], b["period"]) for b in f.get("salary", ())),
        skills=tuple(f["skills"]), tags=tuple(f["tags"]), draft=f.get("draft", False))
