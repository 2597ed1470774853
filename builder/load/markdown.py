"""The one configured markdown renderer: no raw HTML, tables on, only safe links."""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import urlsplit

from markdown_it import MarkdownIt, rules_block, rules_core, rules_inline
from markdown_it.common.utils import escapeHtml, mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

SAFE_SCHEMES = ("http", "https", "mailto")


def _safe_link(url: str) -> bool:
    """http, https, mailto and relative URLs; anything else (javascript:, data:, ...)
    stays plain text. Control characters are stripped first, as browsers do."""
    cleaned = "".join(ch for ch in url if ch > " ").lower()
    scheme = urlsplit(cleaned).scheme if ":" in cleaned.split("/", 1)[0] else ""
    return scheme == "" or scheme in SAFE_SCHEMES


def _link_open(self, tokens: list[Token], idx: int, options, env) -> str:  # noqa: ANN001
    token = tokens[idx]
    if urlsplit(token.attrGet("href") or "").scheme in ("http", "https"):
        token.attrSet("rel", "noopener")
    return self.renderToken(tokens, idx, options, env)


def _shift_headings(state) -> None:  # noqa: ANN001
    """The page's title is the only h1: the body's top heading level becomes h2."""
    headings = [t for t in state.tokens if t.type in ("heading_open", "heading_close")]
    if not headings:
        return
    shift = 2 - min(int(t.tag[1]) for t in headings)
    for token in headings:
        token.tag = f"h{min(6, int(token.tag[1]) + shift)}"


def _hr(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """hr, tried only on a line that ends in a marker or a space, as a rule line must: a list
    item ("- text.") starts like one."""
    if state.src[state.eMarks[line] - 1] not in "*-_ \t":
        return False
    return rules_block.hr(state, line, end, silent)


_ORDERED_MARKER = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")


def _item_text(text: str) -> bool:
    """Whether the text of a one-line item ("- text") is only a paragraph: it starts no fence,
    quote, heading, rule, nested list or link reference definition of its own."""
    first = text[0]
    if first in " \t>#" or text.startswith(("```", "~~~")) or _ORDERED_MARKER.match(text):
        return False
    if first in "-*+" and (len(text) == 1 or text[1] in " \t"):
        return False
    return not (first in "-*_" and not text.strip(first + " \t")) and not (first == "[" and "]:" in text)


def _one_line_items(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A bullet list of one-line items at the top level, the usual list of a job ad, made into
    the tokens list_block makes of it. list_block tokenizes each item as a document of its own,
    and tries every rule that could end it at the next line: most of a body's parse time.
    Anything else (nesting, continuation lines, a list in a quote) is left to list_block."""
    if silent or state.parentType != "root" or state.sCount[start] or state.isEmpty(start):
        return False
    src, bmarks, emarks, scount = state.src, state.bMarks, state.eMarks, state.sCount
    marker = src[bmarks[start]]
    items, line = [], start
    while True:  # at an item: the first, the next line, or after blank lines
        b = bmarks[line]
        if emarks[line] - b < 3 or src[b + 1] != " " or not _item_text(src[b + 2 : emarks[line]]):
            return False
        items.append(line)
        after = state.skipEmptyLines(line + 1)
        if after >= end or src[bmarks[after]] != marker:
            break
        line = after
    if after < end and (after == items[-1] + 1 or scount[after]):
        return False  # a line that may go on the last item (after a blank line, if indented)
    tight = items[-1] == start + len(items) - 1  # no blank line between items
    token = state.push("bullet_list_open", "ul", 1)
    token.map, token.markup = [start, after], marker
    for item, next_item in zip(items, items[1:] + [after]):
        token = state.push("list_item_open", "li", 1)
        token.map, token.markup = [item, next_item], marker
        token = state.push("paragraph_open", "p", 1)
        token.map, token.hidden = [item, item + 1], tight  # a tight list's paragraphs show no <p>
        token = state.push("inline", "", 0)
        token.content, token.map, token.children = mdTrim(src[bmarks[item] + 2 : emarks[item]]), [item, item + 1], []
        state.push("paragraph_close", "p", -1).hidden = tight
        state.push("list_item_close", "li", -1).markup = marker
    state.push("bullet_list_close", "ul", -1).markup = marker
    state.line = after
    return True


# markdown-it tries every block rule at every line, and every "terminator" rule at every line of a
# paragraph or list item. These rules can only match a line that starts with one of a few
# characters, so one rule looks up the few that can by the line's first character, in
# markdown-it's order (ParserBlock's rule list). Terminators are pure lookahead (silent), so each
# chain's dispatcher holds the same rules as markdown-it's chain of that name.
_OPENERS = {
    "fence": (rules_block.fence, "`~"),
    "blockquote": (rules_block.blockquote, ">"),
    "hr": (_hr, "*-_"),
    "items": (_one_line_items, "*-+"),  # ours: the most common lists, before list_block
    "list": (rules_block.list_block, "*-+0123456789"),
    "reference": (rules_block.reference, "["),
    "heading": (rules_block.heading, "#"),
}
# the chains ParserBlock declares these rules as terminators of (raw HTML is off), by rule set
_ENDS = {
    ("fence", "blockquote", "hr", "list", "heading"): ["paragraph", "reference", "blockquote"],
    ("fence", "blockquote", "hr"): ["list"],
}


BlockRule = Callable[[StateBlock, int, int, bool], bool]


def _by_first_char(names: tuple[str, ...]) -> BlockRule:
    rules = [_OPENERS[name] for name in names]
    by_char = {char: tuple(rule for rule, chars in rules if char in chars) for _, chars in rules for char in chars}
    every = tuple(rule for rule, _ in rules)

    def opened_by_first_char(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        start = state.bMarks[line] + state.tShift[line]
        # an empty line (markdown-it's rules decline it themselves) is left to all of them
        candidates = by_char.get(state.src[start], ()) if start < state.eMarks[line] else every
        for rule in candidates:
            if rule(state, line, end, silent):
                return True
        return False
    return opened_by_first_char


def _setext_heading(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """lheading, tried only when a later line of the paragraph could underline it: lheading
    otherwise scans the whole paragraph, with every terminator rule, just to decline."""
    src = state.src
    for underline in range(line + 1, end):
        start, stop = state.bMarks[underline] + state.tShift[underline], state.eMarks[underline]
        if start >= stop:  # a blank line ends the paragraph
            return False
        marker = src[start]
        # an underline is its marker and spaces, so it ends in one of them (list items seldom do)
        if marker in "-=" and src[stop - 1] in marker + " \t" and not src[start:stop].strip(marker + " \t"):
            return rules_block.lheading(state, line, end, silent)
    return False


# After `text`, markdown-it tries each inline rule in turn wherever text stops (at every "-" or
# ":" of prose, say). Each can only match at one or two characters, so one rule looks them up.
_INLINE_OPENERS = {
    "newline": (rules_inline.newline, "\n"),
    "escape": (rules_inline.escape, "\\"),
    "backticks": (rules_inline.backtick, "`"),
    "strikethrough": (rules_inline.strikethrough.tokenize, "~"),
    "emphasis": (rules_inline.emphasis.tokenize, "*_"),
    "link": (rules_inline.link, "["),
    "image": (rules_inline.image, "!"),
    "autolink": (rules_inline.autolink, "<"),
    "entity": (rules_inline.entity, "&"),
}

_INLINE_BY_CHAR = {char: rule for rule, chars in _INLINE_OPENERS.values() for char in chars}
# so text without any of these characters is one text token: no rule would match in it
_INLINE_MARKUP = re.compile("[" + re.escape("".join(_INLINE_BY_CHAR)) + "]")


def _inline(state: StateCore) -> None:
    """markdown-it's inline rule, which parses the text of every paragraph, heading and cell,
    without the parse of plain text: most list items and paragraphs of a job ad."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if _INLINE_MARKUP.search(token.content) or not token.content:
                state.md.inline.parse(token.content, state.md, state.env, token.children)
            else:
                token.children.append(Token("text", "", 0, content=token.content))


def _inline_by_first_char(state: StateInline, silent: bool) -> bool:
    rule = _INLINE_BY_CHAR.get(state.src[state.pos])
    return rule is not None and rule(state, silent)


# markdown-it's inline post-processing pairs up emphasis and strikethrough delimiters, then
# merges the text runs they leave. Only those two rules record delimiters (links keep theirs in
# tokens_meta); an inline with none has nothing to pair, and its text is already merged.
_PAIRING = (rules_inline.link_pairs, rules_inline.strikethrough.postProcess, rules_inline.emphasis.postProcess,
            rules_inline.fragments_join)


def _pair_delimiters(state: StateInline) -> None:
    if state.delimiters or any(meta and meta.get("delimiters") for meta in state.tokens_meta):
        for rule in _PAIRING:
            rule(state)


def _normalize(state: StateCore) -> None:
    """markdown-it's normalize rewrites every line ending; most bodies have nothing to change."""
    if "\r" in state.src or "\0" in state.src:
        rules_core.normalize(state)


def configured() -> MarkdownIt:
    """markdown-it as the format needs it: CommonMark, tables, no raw HTML, safe links."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.validateLink = _safe_link
    md.add_render_rule("link_open", _link_open)
    md.core.ruler.push("shift_headings", _shift_headings)
    return md


def _faster(md: MarkdownIt) -> MarkdownIt:
    """The same output with fewer rule calls."""
    md.disable(["html_block", "html_inline"])  # raw HTML is off: these would only ever decline
    md.block.ruler.at("fence", _by_first_char(tuple(_OPENERS)))  # in the main chain, fence's place
    md.block.ruler.disable([name for name in _OPENERS if name not in ("fence", "items")])
    # terminators only: in the main chain they come after `paragraph`, which always matches
    for number, (names, chains) in enumerate(_ENDS.items()):
        md.block.ruler.push(f"ends_{number}", _by_first_char(names), {"alt": chains})
    md.block.ruler.at("lheading", _setext_heading)
    # the inline ruler's own: md.disable would also turn off the emphasis and strikethrough
    # post-processing rules, which have the same names
    md.inline.ruler.disable(list(_INLINE_OPENERS))
    md.inline.ruler.after("text", "by_first_char", _inline_by_first_char)
    md.inline.ruler2.disable(["balance_pairs", "strikethrough", "emphasis", "fragments_join"])
    md.inline.ruler2.push("pair_delimiters", _pair_delimiters)
    md.core.ruler.at("normalize", _normalize)
    md.core.ruler.at("inline", _inline)
    return md


_MD = _faster(configured())


# block tokens that markdown-it's renderer writes with renderToken alone (list_item_open's own
# rule only adds the checkbox of a task list item, and task lists are off)
_PLAIN_TAGS = {f"{name}_{side}" for name in ("paragraph", "heading", "bullet_list", "ordered_list", "list_item",
                                            "blockquote") for side in ("open", "close")}


def _html(tokens: list[Token]) -> str:
    """RendererHTML.render, with what bodies are mostly made of written here: inlines of one text
    token, and block tags without attributes as renderToken writes them. The rest goes to it."""
    renderer, options, env = _MD.renderer, _MD.options, {}
    out = []
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            children = token.children
            if children and len(children) == 1 and children[0].type == "text":
                out.append(escapeHtml(children[0].content))
            elif children:
                out.append(renderer.renderInline(children, options, env))
        elif kind in _PLAIN_TAGS and not token.attrs:
            if token.hidden:
                continue
            if token.nesting == -1:
                out.append(f"</{token.tag}>\n")
                continue
            # a newline after a hidden paragraph; none after a tag that holds inline text or
            # closes at once
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            inside = after is not None and (after.type == "inline" or after.hidden
                                            or (after.nesting == -1 and after.tag == token.tag))
            out.append(("\n" if i and tokens[i - 1].hidden else "") + f"<{token.tag}>" + ("" if inside else "\n"))
        elif kind in renderer.rules:
            out.append(renderer.rules[kind](tokens, i, options, env))
        else:
            out.append(renderer.renderToken(tokens, i, options, env))
    return "".join(out)


def render(source: str) -> tuple[str, str]:
    """The body's HTML, and its plain text (words only) for search and descriptions."""
    tokens = _MD.parse(source)
    html = _html(tokens)
    words = [
        child.content
        for token in tokens if token.type == "inline"
        for child in token.children or () if child.type in ("text", "code_inline")
    ]
    return html, _single_spaced(" ".join(words))


def _single_spaced(text: str) -> str:
    """" ".join(text.split()): every run of white space one space, none at the ends. Most texts
    already are (split() would copy every word): any other white space is not printable."""
    if text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        return text
    return " ".join(text.split())
