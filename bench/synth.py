"""Write a deterministic synthetic board in the contract format: N postings across N/20 companies.

    python bench/synth.py OUT_DIR N

Bodies are 3-6 KB of markdown with headings, lists, links and emphasis; postings carry salary
bands, skills and locations. The same N always gives the same bytes (seeded by N).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

CITIES = [("Berlin", "BE", "DE"), ("Munich", "BY", "DE"), ("Amsterdam", "", "NL"), ("Paris", "", "FR"),
          ("London", "", "GB"), ("New York", "NY", "US"), ("Austin", "TX", "US"), ("Toronto", "ON", "CA"),
          ("Zurich", "ZH", "CH"), ("Lisbon", "", "PT"), ("Warsaw", "", "PL"), ("Sao Paulo", "SP", "BR")]
CURRENCY = {"DE": "EUR", "NL": "EUR", "FR": "EUR", "PT": "EUR", "GB": "GBP", "US": "USD", "CA": "CAD",
            "CH": "CHF", "PL": "PLN", "BR": "BRL"}
SKILLS = ["Python", "Go", "Rust", "TypeScript", "JavaScript", "Java", "Kotlin", "C++", "C#", ".NET", "Ruby",
          "PostgreSQL", "MySQL", "Redis", "Kafka", "Kubernetes", "Terraform", "AWS", "GCP", "Azure", "React",
          "Vue", "Django", "Rails", "Spark", "Airflow", "dbt", "GraphQL", "gRPC", "Linux", "Elixir", "Scala"]
ROLES = ["Backend Engineer", "Frontend Engineer", "Platform Engineer", "Data Engineer", "SRE",
         "Mobile Engineer", "Security Engineer", "ML Engineer", "Engineering Manager", "QA Engineer"]
LEVELS = ["Junior", "Mid", "Senior", "Staff", "Principal"]
WORDS = ("we build reliable systems for customers across the world and care about quality testing "
         "observability small teams ownership mentoring code review pairing latency throughput "
         "migrations schemas queues caches deployments incidents on-call budgets roadmaps users "
         "accessibility performance privacy security documentation design tradeoffs").split()
SITE = {"title": "Synthetic Board", "base_url": "https://bench.example.org/", "currency": "EUR",
        "exchange_rates": {"USD": 0.92, "GBP": 1.17, "CAD": 0.68, "CHF": 1.05, "PLN": 0.23, "BRL": 0.18}}


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, slug: str) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(3, 6))]
    parts[rng.randrange(len(parts))] += f" Read [our handbook](https://{slug}.example/handbook) for **details**."
    return " ".join(parts)


def body(rng: random.Random, slug: str) -> str:
    """3-6 KB: a few sections of paragraphs and bullet lists."""
    target = rng.randint(3000, 6000)
    out = [paragraph(rng, slug)]
    sections = ["About the role", "What you will do", "What you bring", "Nice to have", "How we work", "Process"]
    i = 0
    while sum(map(len, out)) < target:
        out.append(f"## {sections[i % len(sections)]}")
        out.append(paragraph(rng, slug))
        out.append("\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(3, 6))))
        i += 1
    return "\n\n".join(out) + "\n"


def front_matter(data: dict, text: str) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + text


def company(rng: random.Random, i: int) -> tuple[str, str]:
    slug = f"company-{i:05d}"
    city, region, country = rng.choice(CITIES)
    data = {"name": f"Company {i:05d} {rng.choice(['Labs', 'GmbH', 'Inc', 'Systems', 'Works'])}",
            "website": f"https://{slug}.example", "headquarters": {k: v for k, v in (("city", city), ("region", region), ("country", country)) if v}}
    return slug, front_matter(data, paragraph(rng, slug) + "\n\n" + paragraph(rng, slug) + "\n")


def posting(rng: random.Random, i: int, company_slug: str) -> tuple[str, str]:
    role, level = rng.choice(ROLES), rng.choice(LEVELS)
    city, region, country = rng.choice(CITIES)
    low = rng.randrange(40_000, 150_000, 1000)
    data = {
        "title": f"{level} {role}",
        "company": company_slug,
        "date_posted": f"2026-{rng.randint(8, 11):02d}-{rng.randint(1, 20):02d}",
        "valid_through": f"2027-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}",
        "employment_type": rng.choice(["FULL_TIME", "PART_TIME", "CONTRACTOR"]),
        "locations": [", ".join(p for p in (city, region, country) if p)],
        "remote": rng.choice(["onsite", "hybrid", "remote"]),
        "salary": [{"level": lv, "min": low + k * 10_000, "max": low + k * 10_000 + 25_000,
                    "currency": CURRENCY[country], "period": "YEAR"} for k, lv in enumerate(["I", "II"])],
        "skills": rng.sample(SKILLS, rng.randint(3, 7)),
        "apply": f"https://{company_slug}.example/jobs/{i}",
    }
    slug = f"{role.lower().replace(' ', '-')}-{i:06d}"
    return slug, front_matter(data, body(rng, company_slug))


def write_board(out: Path, n: int) -> Path:
    """The board folder `out` with n postings; returns it."""
    rng = random.Random(n)
    companies = max(1, n // 20)
    (out / "content" / "companies").mkdir(parents=True, exist_ok=True)
    (out / "site.yml").write_text(yaml.safe_dump(SITE, sort_keys=False), encoding="utf-8")
    slugs = []
    for i in range(companies):
        slug, text = company(rng, i)
        (out / "content" / "companies" / f"{slug}.md").write_text(text, encoding="utf-8")
        slugs.append(slug)
    for i in range(n):
        slug, text = posting(rng, i, slugs[i % companies])
        folder = out / "content" / "jobs" / f"batch-{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return out


if __name__ == "__main__":
    write_board(Path(sys.argv[1]), int(sys.argv[2]))
