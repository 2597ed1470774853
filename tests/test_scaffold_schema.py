"""`jobboard schema`: JSON Schemas made from the validator's own, which accept the example board and
reject the broken boards' wrong values."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from builder.cli import main
from builder.load.source import read_document, read_yaml_file
from builder.scaffold.json_schemas import KINDS, json_schema
from test_invalid import CASES, GOOD, POSTING

REPO = Path(__file__).resolve().parent.parent


def _validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json_schema(kind)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _front_matter(text: str, path: str = "x.md") -> dict:
    doc, errors = read_document(text.encode(), path)  # read as the builder reads it: dates stay text
    assert doc is not None, errors
    return doc.data


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_in_the_json_schema_with_a_description(kind: str) -> None:
    fields, _, _ = KINDS[kind]
    properties = json_schema(kind)["properties"]
    assert list(properties) == list(fields)
    assert [key for key, prop in properties.items() if not prop["description"]] == []


def test_the_example_board_is_valid() -> None:
    doc, errors = read_yaml_file((REPO / "site.yml").read_bytes(), "site.yml")
    assert doc is not None, errors
    assert list(_validator("site").iter_errors(doc.data)) == []
    for kind, folder in (("company", "companies"), ("posting", "jobs")):
        files = sorted((REPO / "content" / folder).rglob("*.md"))
        assert files
        for path in files:
            problems = [e.message for e in _validator(kind).iter_errors(_front_matter(path.read_text(), path.name))]
            assert problems == [], path


REJECTED = ["missing required field", "wrong type", "max missing", "unknown currency", "unknown period",
            "impossible date", "javascript apply link"]


@pytest.mark.parametrize("case", REJECTED)
def test_the_broken_boards_wrong_values_are_rejected(case: str) -> None:
    validator = _validator("posting")
    assert list(validator.iter_errors(_front_matter(GOOD))) == []
    files, _, _ = CASES[case]
    assert list(validator.iter_errors(_front_matter(files[POSTING]))) != []


@pytest.mark.parametrize("kind, data", [
    ("posting", {"date_posted": "01/11/2026"}), ("posting", {"compnay": "acme"}), ("posting", {"draft": "yes"}),
    ("posting", {"employment_type": "FULLTIME"}), ("posting", {"locations": ["Berlin, Germany"]}),
    ("posting", {"remote_eligible": ["USA"]}), ("company", {"website": "ftp://acme.example"}),
    ("company", {"same_as": "https://x.example"}), ("site", {"exchange_rates": {"EURO": 1.1}}),
    ("site", {"hours_per_year": 0}), ("site", {"expired": "delete"}), ("site", {"language": "english language"}),
])
def test_wrong_values_are_rejected(kind: str, data: dict) -> None:
    good = {"posting": _front_matter(GOOD), "company": {"name": "Acme", "website": "https://acme.example"},
            "site": {"title": "Board", "base_url": "https://jobs.example.org/"}}[kind]
    validator = _validator(kind)
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({**good, **data})) != []


def test_schema_command_writes_the_three_schemas(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert main(["schema", str(tmp_path)]) == 0
    names = ["site", "company", "posting"]
    assert capsys.readouterr().out == "".join(f"Wrote {tmp_path / 'schemas' / name}.schema.json\n" for name in names)
    for name in names:
        assert json.loads((tmp_path / "schemas" / f"{name}.schema.json").read_text()) == json_schema(name)
    assert main(["schema", str(tmp_path), "-o", str(tmp_path / "elsewhere")]) == 0
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == [f"{n}.schema.json" for n in sorted(names)]
