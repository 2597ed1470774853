"""Text repair and cleaning: mojibake fixed, HTML sanitised and turned into markdown, repeated
paragraphs and boilerplate lines dropped."""

from __future__ import annotations

import functools
import html as htmllib
import re
import warnings

import ftfy
import markdownify
import nh3

from .ad import UnreadableSource
from .data import load

MAX_AD_CHARS = 500_000  # more than ten times the longest job ads
MAX_NESTING = 100  # of HTML elements: the parser's time grows with its square, markdownify's stack with it
_TAGS = {"p", "br", "div", "span", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b",
         "em", "i", "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr"}
_PAGE_ONLY = {"head", "title", "nav", "header", "footer"}  # a page's parts around the ad, dropped with their text
# elements that have no end tag, or whose end tag may be left out: they do not nest
_UNNESTED = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
             "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup",
             "rb", "rt", "rp", "caption", "html", "body", "head"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


def repair(text: str) -> str:
    """Mojibake ("Oloâ€™s", "ðŸŒŽ") and HTML entities in text repaired; line ends unified."""
    return ftfy.fix_text(_bounded(text).replace("\r\n", "\n").replace("\r", "\n"))


def _bounded(text: str) -> str:
    """The text of one ad, refused when it is far longer than any ad: the extraction reads it
    many times over."""
    if len(text) > MAX_AD_CHARS:
        raise UnreadableSource(f"an ad of {len(text):,} characters is longer than jobboard reads "
                               f"({MAX_AD_CHARS:,}); nothing imported")
    return text


def sanitise(html: str, tags: set[str], whole_page: bool = False) -> str:
    """The HTML with only `tags` (and links' href) left: scripts, styles, event handlers and
    other tags go; with `whole_page`, the head, navigation, header and footer too."""
    if _nesting(html) > MAX_NESTING:
        raise UnreadableSource(f"HTML nested more than {MAX_NESTING} levels deep")
    return nh3.clean(html, tags=tags, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
                     link_rel=None, clean_content_tags={"script", "style"} | (_PAGE_ONLY if whole_page else set()))


def _nesting(html: str) -> int:
    """How deep the elements nest, in one pass: an end tag closes the elements opened since its
    own start tag, and one with no start tag open is ignored, as a parser does."""
    stack: list[str] = []
    open_tags: dict[str, int] = {}
    deepest = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        if name in _UNNESTED:
            continue
        if not m.group(1):
            stack.append(name)
            open_tags[name] = open_tags.get(name, 0) + 1
            deepest = max(deepest, len(stack))
        elif open_tags.get(name):
            while (closed := stack.pop()) != name:
                open_tags[closed] -= 1
            open_tags[name] -= 1
    return deepest


def html_to_markdown(html: str, tidied: bool = True, whole_page: bool = False) -> str:
    """Sanitised first, then converted."""
    if "<" not in html and "&lt;" in html:  # Greenhouse sends its HTML entity-escaped
        html = htmllib.unescape(html)
    safe = _bounded(sanitise(html, _TAGS, whole_page))
    with warnings.catch_warnings():  # BeautifulSoup's, on stderr, when a description looks like a URL
        warnings.simplefilter("ignore")
        text = markdownify.markdownify(safe, heading_style="ATX", bullets="-", strip=["span", "div"])
    return tidy(repair(text)) if tidied else repair(text)


def tidy(markdown: str) -> str:
    """Boilerplate lines and repeated paragraphs dropped, blank runs collapsed, spaces trimmed."""
    lines = [line.rstrip().replace("\u00a0", " ") for line in markdown.split("\n")]
    lines = [line for line in lines if not is_boilerplate(line)]
    paragraphs = re.split(r"\n\s*\n", "\n".join(lines))
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = " ".join(paragraph.split()).lower()
        if not key:
            continue
        if len(key) >= 40 and key in seen:
            continue
        seen.add(key)
        kept.append(paragraph.strip("\n"))
    return "\n\n".join(_dedent(p) for p in kept).strip() + "\n"


def _dedent(paragraph: str) -> str:
    """A leading space or two before text ("  **About Olo**") is noise, not an indented block."""
    return "\n".join(re.sub(r"^ {1,3}(?=\S)", "", line) for line in paragraph.split("\n"))


@functools.cache
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{rule})" for rule in load("boilerplate.yml")), re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """A whole line that is an apply button, a share widget and the like: markdown marks and
    link targets are ignored ("## CLICK TO [APPLY](https://...)")."""
    plain = re.sub(r"\]\([^)]*\)", "", line)
    plain = re.sub(r"[#*_`>\[\]!|]", " ", plain)
    plain = " ".join(plain.split()).strip(" .:-–")
    return bool(plain) and bool(_boilerplate().fullmatch(plain))
