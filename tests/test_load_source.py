"""Front matter is built from YAML nodes directly in the common case; the values and errors must
be exactly what PyYAML's own constructor gives, with our loader's scalar rules."""

from __future__ import annotations

import pytest
import yaml

from builder.load.source import _Loader, read_yaml_file

DOCUMENTS = [
    "title: Engineer\nskills: [Go, 'C++', \"C#\"]\nsalary:\n  - {min: 100000, max: 120.5, currency: USD}\n",
    "a: 1\nb: 2.5\nc: true\nd: null\ne: ~\nhex: 0x1F\nsep: 1_000\ninf: .inf\nsexagesimal: 1:30\n",
    "date: 2026-11-01\ncountry: NO\nyes: Yes\n",  # dates stay text, only true/false are booleans
    "1: one\n2.5: two\nnull: three\ntrue: four\n",  # keys that are not strings
    "tagged: !!str 123\nnumber: !!int '42'\nbytes: !!binary aGVsbG8=\n",
    "x: &a {k: v}\ny: *a\nz: &s text\nw: *s\n",  # aliases
    "base: &b {p: 1, q: 2}\nmerged:\n  <<: *b\n  q: 3\n",  # merge keys
    "dup: 1\ndup: 2\n",
    "nested: {a: [{b: [c, {d: e}]}]}\n",
    "s: !!set {a, b}\no: !!omap [{a: 1}, {b: 2}]\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_values_are_pyyamls(text: str) -> None:
    doc, _ = read_yaml_file(text.encode(), "site.yml")  # duplicate keys are errors, but have values
    assert doc is not None
    assert repr(doc.data) == repr(yaml.load(text, Loader=_Loader))


@pytest.mark.parametrize("text", ["? [a, b]\n: v\n", "k: !custom v\n"])
def test_errors_are_pyyamls(text: str) -> None:
    doc, errors = read_yaml_file(text.encode(), "site.yml")
    assert doc is None and len(errors) == 1
    with pytest.raises(yaml.MarkedYAMLError) as expected:
        yaml.load(text, Loader=_Loader)
    assert errors[0].message == str(expected.value.problem)


@pytest.mark.parametrize("text, field", [("title: x\nloop: &l [1, *l]\n", "loop[1]"),
                                         ("a: {b: 1}\nm: &m {n: *m}\n", "m.n")])
def test_an_alias_inside_its_own_anchor_is_an_error_not_a_crash(text: str, field: str) -> None:
    doc, errors = read_yaml_file(text.encode(), "site.yml")
    assert doc is None
    assert [str(e) for e in errors] == [f"site.yml:2: {field}: refers to itself (a YAML alias inside its own anchor)"]
