"""The fields an ad states in prose: title, company, employment type, work mode, apply link, date."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from .data import load

_ROLE = "(?:" + "|".join(load("fields.yml")["role_words"]) + ")"
_FIELD_LINE = re.compile(r"^\W*(?:job\s+title|title|position|role|stelle)\s*:\s*(?P<v>.+)$", re.IGNORECASE | re.MULTILINE)
_SEEKING = re.compile(r"(?:seeking|looking for|hiring|searching for|in search of|sucht|suchen)\s+(?:an?\s+|a\s+new\s+|our\s+(?:next|first)\s+)?"
                      r"(?:(?:experienced|talented|passionate|motivated|skilled|driven|exceptional|curious)\s+(?:and\s+)?)*"
                      r"(?P<v>(?:[A-Z][\w/+#.-]*,?\s+(?:of\s+|and\s+)?){0,5}" + _ROLE + r"\b(?:,\s+[A-Z][\w-]+(?=\s+(?:to|who|with|for|in)\b))?)")


def title(ad_title: str, lines: list[str], body: str) -> str:
    """A stated title ("Job title: ..."), the first line when it names a role, or the role the
    ad is seeking ("We are seeking an experienced Senior Software Engineer, Backend to ...")."""
    if ad_title:
        return ad_title
    m = _FIELD_LINE.search(body)
    if m:
        return _plain(m.group("v"))
    first = next((_plain(line) for line in lines if _plain(line)), "")
    if first and len(first.split()) <= 10 and re.search(_ROLE + r"\b", first) and not first.endswith("."):
        return first
    m = _SEEKING.search(body)
    return _plain(m.group("v")).rstrip(",") if m else ""


_ABOUT = re.compile(r"^(?:#+\s*|\*\*)?(?:About|Über|Who is|Who are)\s+(?:us\s+at\s+)?(?P<v>[A-Z][\w.&'’ -]{0,40}?)\s*(?:\*\*)?[:?]?\s*$", re.MULTILINE)
_COMPANY_LINE = re.compile(r"^\W*(?:company|employer|unternehmen)\s*:\s*(?P<v>.+)$", re.IGNORECASE | re.MULTILINE)
_BOLD = re.compile(r"^\*\*(?P<v>[A-Z][^*\n]{1,40})\*\*\s*(?:[·|—–-]|$)", re.MULTILINE)
_AT = re.compile(r"(?:^|\.\s+)(?:At|Chez|Bei)\s+(?P<v>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,2}),?\s+(?:we|our|nous|wir)\b", re.MULTILINE)
_IS = re.compile(r"^(?P<v>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,2})(?:\s+\([^)\n]{1,20}\))?\s+(?:(?:is|are)\s+(?:a|an|the|hiring|building)|builds|makes|"
                 r"designs|develops|runs|creates|helps|powers|bringt|entwickelt)\s", re.MULTILINE)
_META_WORDS = re.compile(r"\b(?:remote|hybrid|on-?site|full-time|part-time|contract)\b", re.IGNORECASE)
_NOT_NAMES = {"the job", "us", "the position", "we", "you", "our", "this", "the", "it", "they", "that", "what", "who", "your", "the team", "the role"}


def company(ad_company: str, body: str) -> str:
    """A stated company, else the one an "About X" heading, "At X, we" or "X is a ..." names."""
    if ad_company:
        return ad_company
    for rx in (_COMPANY_LINE, _BOLD, _ABOUT, _AT, _IS):
        m = rx.search(body)
        if m and m.group("v").strip().lower() not in _NOT_NAMES and not _META_WORDS.search(m.group("v")):
            return _plain(m.group("v")).rstrip(".")
    return ""


_TYPES = {kind: re.compile("|".join(rules), re.IGNORECASE | re.MULTILINE)
          for kind, rules in load("fields.yml")["employment_types"].items()}
_TYPE_LINE = re.compile(r"^\W*(?:employment type|job type|type|contract|commitment)\s*:\s*(?P<v>.+)$", re.IGNORECASE | re.MULTILINE)


def employment_types(title_text: str, lines: list[str], body: str) -> tuple[str, ...]:
    """From the title, the ad's short meta lines and an "Employment type:" line, then the text."""
    stated = " \n".join([title_text, *lines, *(m.group("v") for m in _TYPE_LINE.finditer(body))])
    for text in (stated, body):
        found = tuple(kind for kind, rx in _TYPES.items() if rx.search(text))
        if found:
            return found
    return ()


_MODES = {mode: re.compile("|".join(rules), re.IGNORECASE) for mode, rules in load("fields.yml")["work_modes"].items()}


def work_mode(lines: list[str], body: str) -> str:
    """remote, hybrid or onsite as the ad states it, or "" when it does not say: a short line at
    the top that names a mode wins ("remote,NYC or Remote"), else a phrase in the text."""
    meta = " ".join(lines)
    for mode, word in (("hybrid", r"\bhybrid\b"), ("remote", r"\bremote\b"), ("onsite", r"\bon-?site\b|\bin[- ]office\b")):
        if re.search(word, meta, re.IGNORECASE):
            return mode
    return next((mode for mode, rx in _MODES.items() if rx.search(body)), "")


_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>(?:https?://|mailto:)[^)\s]+)\)")
_APPLY_WORDS = re.compile(r"\bapply\b|\bapplication\b|bewerb|postuler|candidat|solliciteer|postúlate", re.IGNORECASE)
_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def apply_url(ad_apply: str, body: str) -> str:
    """The apply link: a link whose text or line says apply, an "apply" URL, or the address an
    ad asks applications to be sent to."""
    if ad_apply:
        return ad_apply
    for line in body.split("\n"):
        for m in _LINK.finditer(line):
            if _APPLY_WORDS.search(m.group("text")) or _APPLY_WORDS.search(line) or "/apply" in m.group("url"):
                return m.group("url")
    for line in body.split("\n"):
        url = re.search(r"https?://[^\s)>\]]+", line)
        if url and (_APPLY_WORDS.search(line) or re.search(r"/apply|/jobs?/|/careers?/", url.group(0))):
            return url.group(0).rstrip(".,")
    for line in body.split("\n"):
        if _APPLY_WORDS.search(line) or re.search(r"\b(?:send|email|e-mail)\b", line, re.IGNORECASE):
            mail = _MAIL.search(line)
            if mail:
                return f"mailto:{mail.group(0)}"
    return ""


_DATE_LINE = re.compile(r"(?:posted|date posted|published|veröffentlicht)\s*(?:on|:)?\s*(?P<v>\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(("january february march april may june july august september october "
                                        "november december").split(), 1)}


def date_posted(ad_date: str, body: str) -> str:
    """YYYY-MM-DD as the source gives it, or a "Posted on ..." line; "" when the ad has none."""
    if ad_date:
        return ad_date[:10]
    m = _DATE_LINE.search(body)
    if not m:
        return ""
    raw = m.group("v")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return raw
    words = raw.replace(",", "").split()
    day, month, year = (words[1], words[0], words[2]) if words[0].isalpha() else (words[0], words[1], words[2])
    try:
        return date(int(year), _MONTHS[month.lower()], int(day)).isoformat()
    except (KeyError, ValueError):
        return ""


def website(company_url: str, name: str, apply: str, body: str) -> str:
    """The company's website: stated, or a link in the ad whose host carries the company's name
    ("https://www.olo.com/engage" for Olo), or the name itself when it is a domain ("Otter.ai")."""
    if company_url:
        return company_url
    key = re.sub(r"[^a-z0-9]", "", name.lower().split(".")[0])
    for url in [apply, *re.findall(r"https?://[^\s)>\]]+", body)]:
        host = urlsplit(url).netloc.lower()
        if key and key in re.sub(r"[^a-z0-9.]", "", host).split("."):
            return f"https://{host}"
    if re.fullmatch(r"[A-Za-z0-9-]+\.(?:ai|io|com|co|dev|app|org|net|de)", name):
        return f"https://{name.lower()}"
    return ""


def _plain(text: str) -> str:
    """Markdown marks, links and stray symbols off a one-line value."""
    text = _LINK.sub(lambda m: m.group("text"), text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"^[#>*\-\s`]+|[*`_]+", "", text).split()).strip()
