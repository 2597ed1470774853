"""Salary model: annualising, conversion, statistics, formatting; the pay-transparency check."""

from __future__ import annotations

from datetime import date

import pytest

from builder.cli import main
from builder.load.i18n import strings_for
from builder.load.records import Band, Config, Location, Posting
from builder.model import salary
from builder.model.board import assemble
from builder.model.transparency import pay_transparency_warnings
from tests.conftest import company_md, posting_md

ENGLISH = strings_for("en")

CONFIG = Config("Board", "https://jobs.example/", currency="USD",
                exchange_rates=(("EUR", 1.08), ("GBP", 1.25)), hours_per_year=2000)


def band(low: float, high: float, currency: str = "USD", period: str = "YEAR", level: str = "") -> Band:
    return Band(low, high, currency, period, level)


@pytest.mark.parametrize("period, factor", [("HOUR", 2000), ("DAY", 260), ("WEEK", 52), ("MONTH", 12), ("YEAR", 1)])
def test_annualising_uses_hours_per_year_and_fixed_factors(period: str, factor: int) -> None:
    assert salary.annual(CONFIG, band(10, 20, period=period)) == (10 * factor, 20 * factor)


def test_conversion_into_the_board_currency() -> None:
    assert salary.annual_in_board_currency(CONFIG, band(50_000, 60_000, "EUR")) == pytest.approx((54_000, 64_800))
    assert salary.annual_in_board_currency(CONFIG, band(50_000, 60_000, "USD")) == (50_000, 60_000)


def test_a_currency_without_a_rate_does_not_convert_and_is_left_out_of_statistics() -> None:
    chf = band(120_000, 145_000, "CHF")
    assert salary.rate(CONFIG, "CHF") is None
    assert salary.annual_in_board_currency(CONFIG, chf) is None
    assert salary.midpoint(CONFIG, chf) is None
    assert salary.stats(CONFIG, [chf]) is None
    counted = salary.stats(CONFIG, [chf, band(100_000, 120_000)])
    assert counted is not None and counted.count == 1 and counted.median == 110_000


def test_hourly_band_midpoint_and_annual_display() -> None:
    hourly = band(85, 110, "EUR", "HOUR")
    assert salary.midpoint(CONFIG, hourly) == pytest.approx((85 + 110) / 2 * 2000 * 1.08)
    pay = salary.Pay(CONFIG)
    assert pay.exact(hourly) == "EUR 85 – 110"
    assert pay.compact(hourly) == "EUR 85–110/h"
    assert pay.annual(hourly) == "USD 183,600 – 237,600"
    assert pay.annual(hourly, short=True) == "USD 184k–238k"
    # Without a rate, an hourly band still shows what it adds up to, in its own currency.
    assert pay.annual(band(50, 60, "CHF", "HOUR")) == "CHF 100,000 – 120,000"
    assert pay.annual(band(100_000, 120_000, "CHF")) == ""


@pytest.mark.parametrize("values, expected", [([3, 1, 2], 2), ([5], 5), ([4, 1, 3, 2], 2.5), ([10, 20], 15)])
def test_median_of_odd_and_even_counts(values: list[float], expected: float) -> None:
    assert salary.median(values) == expected


def test_statistics_over_mixed_currencies_use_converted_midpoints() -> None:
    bands = [band(100_000, 120_000), band(50_000, 50_000, "EUR"), band(40, 40, "GBP", "HOUR")]
    s = salary.stats(CONFIG, bands)
    assert s is not None
    assert (s.count, s.min, s.median, s.max) == (3, pytest.approx(54_000), 100_000, 110_000)
    assert (s.low, s.high) == (pytest.approx(54_000), 120_000)


def test_fixed_pay_shows_one_figure_and_its_midpoint_is_the_pay() -> None:
    fixed = band(90_000, 90_000)
    assert salary.band_range(fixed, "en") == "USD 90,000"
    assert salary.band_compact(fixed, "en", ENGLISH) == "USD 90k/yr"
    assert salary.midpoint(CONFIG, fixed) == 90_000


# Swiss grouping is an apostrophe: newer CLDR (Babel 2.19) writes U+0027, older CLDR U+2019.
@pytest.mark.parametrize("language, exact, big", [
    ("en", {"USD 125,269 – 179,597"}, "1.2M"),
    ("de", {"USD 125.269 – 179.597"}, "1,2M"),
    ("de-CH", {"USD 125'269 – 179'597", "USD 125’269 – 179’597"}, "1.2M"),
])
def test_grouping_follows_the_board_language(language: str, exact: set[str], big: str) -> None:
    assert salary.band_range(band(125_269, 179_597), language) in exact
    assert salary.compact(1_234_567, language) == big


def test_compact_form_for_dense_tables() -> None:
    assert salary.band_compact(band(125_269, 179_597), "en", ENGLISH) == "USD 125k–180k/yr"
    assert salary.band_compact(band(4_000, 5_500, "EUR", "MONTH"), "en", ENGLISH) == "EUR 4k–6k/mo"
    assert salary.compact(950, "en") == "950"
    assert salary.number(85.5, "de") == "85,5"


def test_posting_range_is_the_envelope_of_convertible_bands() -> None:
    posting = Posting("p", "p.md", "T", "acme", date(2026, 11, 1), "https://a.example", "", "",
                      salary=(band(100, 120, "EUR", "DAY"), band(90_000, 100_000), band(1, 2, "CHF")))
    assert salary.posting_range(CONFIG, posting) == pytest.approx((100 * 260 * 1.08, 100_000))
    assert salary.posting_range(CONFIG, Posting("q", "q.md", "T", "acme", date(2026, 11, 1), "https://a.example", "", "")) is None


# Pay transparency ----------------------------------------------------------------------------

def posting(slug: str = "p", **fields) -> Posting:  # noqa: ANN003
    return Posting(slug, f"content/jobs/{slug}.md", "T", "acme", date(2026, 11, 1), "https://a.example", "", "", **fields)


def warnings_for(*postings: Posting) -> list[str]:
    board = assemble(CONFIG, {}, list(postings), date(2026, 11, 22))
    return [str(w) for w in pay_transparency_warnings(board)]


@pytest.mark.parametrize("where, place", [
    (Location("US", "New York", "NY"), "New York City"),
    (Location("US", "Brooklyn", "New York"), "New York City"),
    (Location("US", "NYC"), "New York City"),
    (Location("US", "San Francisco", "CA"), "California"),
    (Location("US", "Denver", "Colorado"), "Colorado"),
    (Location("US", "Seattle", "wa"), "Washington"),
])
def test_postings_located_in_a_covered_place_without_a_band_warn(where: Location, place: str) -> None:
    [warning] = warnings_for(posting(locations=(where,)))
    assert warning.startswith("content/jobs/p.md:1: salary: warning: states no salary band")
    assert f"located in {place} (" in warning


@pytest.mark.parametrize("where", [
    Location("US", "Buffalo", "NY"),  # New York State, outside the city
    Location("US", "Austin", "TX"),
    Location("CA", "Vancouver", "BC"),  # Canada's CA is not California
    Location("DE", "Berlin", "BE"),
])
def test_places_without_a_law_do_not_warn(where: Location) -> None:
    assert warnings_for(posting(locations=(where,))) == []


def test_remote_eligibility_counts_and_a_band_silences_the_warning() -> None:
    us_remote = posting("us", remote="remote", remote_eligible=("US",))
    anywhere = posting("anywhere", remote="remote")
    eu_remote = posting("eu", remote="remote", remote_eligible=("DE", "NL"))
    paid = posting("paid", locations=(Location("US", "New York", "NY"),), salary=(band(1, 2),))
    warnings = warnings_for(us_remote, anywhere, eu_remote, paid)
    assert [w.split(":")[0] for w in warnings] == ["content/jobs/anywhere.md", "content/jobs/us.md"]
    for law in ("New York City", "California", "Colorado", "Washington"):
        assert f"remote-eligible for {law} (" in warnings[1]


def test_expired_postings_do_not_warn() -> None:
    old = posting(locations=(Location("US", "Denver", "CO"),), valid_through=date(2026, 11, 1))
    assert warnings_for(old) == []


def test_check_and_build_print_warnings_and_succeed(make_board, capsys, tmp_path) -> None:  # noqa: ANN001
    board = make_board({
        "content/companies/acme.md": company_md(),
        "content/jobs/denver.md": posting_md(locations=["Denver, CO, US"]),
        "content/jobs/berlin.md": posting_md(),
    })
    assert main(["check", str(board)]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "content/jobs/denver.md:1: salary: warning: states no salary band, but a good-faith range is required: "
        "located in Colorado (Colorado Equal Pay for Equal Work Act)"
    ]
    assert "1 warning" in out
    assert main(["build", str(board), "-o", str(tmp_path / "out")]) == 0
    _, err = capsys.readouterr()
    assert "content/jobs/denver.md:1: salary: warning:" in err
    assert (tmp_path / "out" / "jobs" / "denver" / "index.html").is_file()
