"""Field accuracy of `jobboard import` on the hand-labelled ads in tests/fixtures/import/ads/.

    python3 bench/import_accuracy.py [-v]

Each ad is read and its fields extracted as `jobboard import` does; each field is compared
with expected.yml (a field the ad does not state is expected absent). Prints, per field, how
many ads got it exactly right; skills also as precision and recall over all ads. -v lists
every miss."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.importing.draft import make_draft  # noqa: E402
from builder.importing.extract_skills import vocabulary  # noqa: E402
from builder.importing.read import read_source  # noqa: E402

ADS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "import" / "ads"
FIELDS = ("title", "company", "employment_type", "remote", "remote_eligible", "locations", "salary", "skills",
          "apply", "date_posted")


def extracted(path: Path) -> dict:
    ad = read_source(str(path))[0]
    draft = make_draft(ad, vocabulary(), date(2026, 11, 22))
    values = dict(draft.fields)
    values["company"] = draft.company_name
    values["salary"] = [[b.min, b.max, b.currency, b.period, b.level] for b in values.get("salary", [])]
    if "date_posted" in [name for name, _ in draft.notes]:
        values.pop("date_posted")
    return values


def normal(field: str, value: object) -> object:
    if field == "skills":
        return sorted(value or [])
    if field in ("locations", "remote_eligible", "salary"):
        return value or []
    return value or None


def main(verbose: bool) -> None:
    expected = yaml.safe_load((ADS / "expected.yml").read_text(encoding="utf-8"))
    right = {field: 0 for field in FIELDS}
    counted = {field: 0 for field in FIELDS}
    true_pos = found = wanted = 0
    for name, want in expected.items():
        got = extracted(ADS / name)
        for field in FIELDS:
            if field == "date_posted" and field not in want:
                continue
            counted[field] += 1
            a, b = normal(field, got.get(field)), normal(field, want.get(field))
            if a == b:
                right[field] += 1
            elif verbose:
                print(f"{name}: {field}: got {a!r}, expected {b!r}")
        got_skills, want_skills = set(got.get("skills", [])), set(want.get("skills") or [])
        true_pos += len(got_skills & want_skills)
        found += len(got_skills)
        wanted += len(want_skills)
    print(f"{len(expected)} ads")
    for field in FIELDS:
        print(f"{field:16} {right[field]:2}/{counted[field]:2}  {100 * right[field] / counted[field]:5.1f}%")
    total_right, total = sum(right.values()), sum(counted.values())
    print(f"{'all fields':16} {total_right}/{total}  {100 * total_right / total:5.1f}%")
    print(f"skills precision {100 * true_pos / found:.1f}%, recall {100 * true_pos / wanted:.1f}%")


if __name__ == "__main__":
    main("-v" in sys.argv)
