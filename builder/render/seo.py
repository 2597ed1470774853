"""What search engines read: JSON-LD (JobPosting, Organization), sitemap.xml and robots.txt."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Iterable
from xml.etree import ElementTree as ET

from markupsafe import Markup

from ..load.errors import SourceWarning
from ..load.records import Band, Company, Location, Posting
from ..model.board import Board

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The protocol's limit of URLs per sitemap file (its other limit, 50 MB, is ten times what 50,000
# of our URLs take). A site with more gets sitemap.xml as an index of sitemap-1.xml, -2, ...
SITEMAP_URLS = 50_000

# What could end a <script> block early or change how it ends, written as JSON escapes so the
# parsed value stays the same. In a script element, HTML stops only at "</script" and changes
# state only at "<!--" (HTML's script data states); with every "</" and "<!" escaped, neither can
# occur, and other "<", ">" and "&" are plain text there. The job's HTML description is most of a
# posting page's JSON-LD: escaping each "<" and ">" of it made that 16% larger. U+2028/2029
# would end a line in JavaScript.
_SCRIPT_ESCAPES = {"</": "<\\/", "<!": "\\u003c!", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """JSON that is safe inside <script>: `</script>`, `<!--` and U+2028/2029 cannot break out.
    These only ever occur inside JSON strings, where the escapes mean the same ("\\/" is "/")."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))  # no indent: the C encoder
    for char, escape in _SCRIPT_ESCAPES.items():  # a scan per character in C: cheaper than one in Python
        text = text.replace(char, escape)
    return text


def json_ld_script(data: dict[str, Any] | None) -> Markup:
    if data is None:
        return Markup("")
    return Markup('<script type="application/ld+json">\n%s\n</script>') % Markup(script_json(data))


def structured_data(board: Board, context: dict[str, Any]) -> Markup:
    """The JSON-LD block of a page: JobPosting for an open posting, Organization for a company."""
    if "posting" in context:
        posting = context["posting"]
        return json_ld_script(None if board.is_expired(posting) else job_posting(board, posting))
    if "company" in context:
        return json_ld_script({"@context": "https://schema.org", **organization(board, context["company"])})
    return Markup("")


def absolute(board: Board, path_or_url: str) -> str:
    """A URL as is, or a path under the site root made absolute with base_url."""
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return board.config.base_url + path_or_url.lstrip("/")


def organization(board: Board, company: Company) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Organization",
        "name": company.name,
        "url": company.website,
        "sameAs": [company.website, *company.same_as],
    }
    if company.logo:
        data["logo"] = absolute(board, company.logo)
    if company.headquarters:
        data["address"] = postal_address(company.headquarters)
    return data


def postal_address(location: Location) -> dict[str, str]:
    address = {"@type": "PostalAddress", "addressCountry": location.country}
    if location.city:
        address["addressLocality"] = location.city
    if location.region:
        address["addressRegion"] = location.region
    return address


def job_posting(board: Board, posting: Posting) -> dict[str, Any]:
    """schema.org JobPosting with Google's required and recommended properties."""
    company = board.companies[posting.company]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": posting.title,
        # Without the line breaks between tags, which change nothing a reader or Google sees but
        # cost two bytes each as JSON's "\n": about 4% of a posting page's JSON-LD. (Raw HTML is
        # off, so ">\n<" is always between two of markdown-it's tags; at worst an empty line of
        # a code block goes, which Google's job listings do not show.)
        "description": posting.body_html.replace(">\n<", "><"),
        "datePosted": posting.date_posted.isoformat(),
        "employmentType": list(posting.employment_type),
        "hiringOrganization": organization(board, company),
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": posting.slug},
        "directApply": False,
        "url": f"{board.config.base_url}jobs/{posting.slug}/",
    }
    if posting.valid_through:
        data["validThrough"] = posting.valid_through.isoformat()
    if posting.locations:
        data["jobLocation"] = [{"@type": "Place", "address": postal_address(loc)} for loc in posting.locations]
    if posting.remote == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        if posting.remote_eligible:
            data["applicantLocationRequirements"] = [{"@type": "Country", "name": c} for c in posting.remote_eligible]
    envelope = salary_envelope(posting.salary)
    if envelope:
        data["baseSalary"] = envelope
    return data


def salary_envelope(bands: tuple[Band, ...]) -> dict[str, Any] | None:
    """One MonetaryAmount spanning every band, when they share a currency and a period."""
    if not bands or len({(b.currency, b.period) for b in bands}) != 1:
        return None
    value = {
        "@type": "QuantitativeValue",
        "minValue": _number(min(b.min for b in bands)),
        "maxValue": _number(max(b.max for b in bands)),
        "unitText": bands[0].period,
    }
    return {"@type": "MonetaryAmount", "currency": bands[0].currency, "value": value}


def _number(amount: float) -> float | int:
    return int(amount) if float(amount).is_integer() else amount


def warnings(board: Board) -> list[SourceWarning]:
    """Open postings whose pay cannot go into JSON-LD: bands of several currencies or periods."""
    return [
        SourceWarning(p.path, 1, "salary", "bands mix currencies or periods, so search engines get no "
                      "baseSalary; give every band the same currency and period to publish one")
        for p in board.open_postings
        if p.salary and salary_envelope(p.salary) is None
    ]


def sitemap(board: Board, pages: Iterable[tuple[str, date]]) -> bytes:
    """A urlset from (url path relative to the root, last modified) pairs."""
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for path, lastmod in sorted(pages):
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = board.config.base_url + path
        ET.SubElement(url, "lastmod").text = lastmod.isoformat()
    return xml_bytes(root)


def sitemap_parts(entries: Iterable[tuple[str, date]]) -> list[tuple[tuple[str, date], ...]]:
    """The site's URLs, sorted, in files of at most SITEMAP_URLS; one file when they fit."""
    ordered = sorted(entries)
    return [tuple(ordered[i : i + SITEMAP_URLS]) for i in range(0, len(ordered), SITEMAP_URLS)] or [()]


def sitemap_index(board: Board, parts: Iterable[tuple[str, date]]) -> bytes:
    """sitemap.xml of a site split into several files: (file name, its newest lastmod) pairs."""
    root = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
    for name, lastmod in parts:
        item = ET.SubElement(root, "sitemap")
        ET.SubElement(item, "loc").text = board.config.base_url + name
        ET.SubElement(item, "lastmod").text = lastmod.isoformat()
    return xml_bytes(root)


def robots(board: Board) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {board.config.base_url}sitemap.xml\n".encode("utf-8")


def xml_bytes(root: ET.Element) -> bytes:
    """An XML document; the root carries its namespace as a plain xmlns attribute."""
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def sitemap_entries(board: Board, pages: Iterable[Any]) -> list[tuple[str, date]]:
    """Every listable page (site.Page) with its last change: the 404 page, expired postings,
    copies (page/1/, canonical to the list's first page) and unlisted pages stay out."""
    entries = []
    for page in pages:
        posting = page.context.get("posting")
        if (not page.path.endswith("index.html") or (posting and board.is_expired(posting)) or "canonical" in page.context
                or page.context.get("unlisted")):
            continue
        entries.append((page.url, _lastmod(board, page.context)))
    return entries


def _lastmod(board: Board, context: dict[str, Any]) -> date:
    if "posting" in context:
        return context["posting"].date_posted
    shown = context.get("postings") or board.open_postings
    return max((p.date_posted for p in shown), default=board.today)
