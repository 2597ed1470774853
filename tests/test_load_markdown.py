"""The body renderer skips markdown-it rules where they cannot match; that must not change any output."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from builder.load import markdown

# Each rule the renderer guards (fence, blockquote, hr, list, reference, heading), as a block of its
# own, as the end of a paragraph without a blank line, inside list items and quotes, and near misses.
CASES = [
    "Intro\n```\ncode\n```\nafter",
    "Intro\n~~~ python\nx = 1\n~~~",
    "Intro\n> quoted\nlazy line\n\n> > nested",
    "Intro\n***\n- - -\n___\nend",
    "Intro\n- one\n- two\n\n1. first\n2) second\n10. tenth",
    "Intro\n2. does not interrupt a paragraph\n1. this does",
    "- item\n  continued\n- item\n  > quote in item\n  ```\n  fence in item\n  ```\n- # heading in item",
    "- a\n - b\n  - c\n   - d\n    - e",
    "[ref]: https://example.com \"Title\"\n\nA [link][ref] and [another].\n\n[another]: /jobs/",
    "Intro\n[not a ref]: https://example.com",
    "Intro\n# Heading\n## Another ##\n#not a heading\n\\# escaped",
    "Setext\n======\n\nAnother\n---\n\n---",
    "    indented code\n\n- list\n\n      code in list",
    "> - list in quote\n> - second\n>\n> ```\n> fenced\n> ```\n> # heading",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n- list after table",
    "*emphasis* and -dash and +plus and 1st place and _under_ and `tick` and ~tilde and >gt and #hash",
    "+ plus\n+ list\n\n* star\n* list\n\n*not a list*",
    "Text\n<div>raw html</div>\n<!-- comment -->",
    # setext headings: underlines after several lines, indented, spaced, in lists and quotes, near misses
    "First line\nsecond line\n===\n\nLine\n   --- \n\nLine\n= =\n\nLine\n-- -\n\nLine\n\n---",
    "- item\n  text\n  ---\n\n> quote\n> ===\n\nLine\n    ===\n\n    code\n---",
    # each inline rule at its own character, and the characters that only end text
    "line  \nbreak\\\nand \\*escaped\\* `code` ~~gone~~ *em* __strong__ [link](/x) ![img](/i.png)",
    "<https://example.com> &amp; &copy; &#35; &nope; a-b: c+d=e @f #g $h %i ^j {k} ] ! [ ~ _",
    "[ref link][r] and [r] and [![nested](/i.png)](/x) **[bold link](/y)**\n\n[r]: /target",
    # rules and underlines are tried only on lines that end in their marker or a space
    "- item -\n- item *\n- - -  \n* * *\t\n_ _ _\n\nPara\n---  \n\nPara\n=== \n\nPara\n- a list item ending -",
    "> ***\n> text\n> ---\n\n- text\n  ***\n  more\n  ===\n\n1. x\n   ___",
    # delimiters are paired only in inlines that have some: in links, unmatched, mixed with plain ones
    "[*a*](/x) [~~b~~](/y) [plain](/z)\n\n* lone and _lone_ and **unclosed and ~single~ and a_b_c\n\nplain line",
    # one-line bullet items, which skip list_block: tight, loose, at the end, and each line that
    # list_block would read otherwise (lazy, indented, another marker, an empty item)
    "- a\n- b\n\nPara\n\n* c\n* d\n\n\n",
    "- a\n\n- b\n- c\n\n\n- d\n\nPara\n- e",
    "- a\nlazy line\n- b",
    "- a\n\n  more of a\n\n- b\n\n - indented b\n\n-\n- empty above\n-\tafter a tab\n-  two spaces",
    "- a\n* b\n+ c\n\n- d\n\n* e\n1. f",
    # item texts that start blocks of their own, and near misses that stay paragraphs
    "\n\nPara\n\n".join(["- a\n- # h", "- > q", "- ```", "- ~~~", "- 1. n", "- 2) m", "- [r]: /u", "- - x",
                           "* * y", "- +", "- * * *", "- _ _ _", "- a\n- \n- b"]),
    "- 10 years\n- 1.5 years\n- #1 and ` code`\n- [link](/x) and [r]\n- **bold**: x\n- _em_\n- ***strong em***\n\n[r]: /y",
    # inlines with one markup character each, which are parsed; plain ones are one text token
    "\n\n".join(["a \\# b", "`c`", "~~d~~", "*e*", "_f_", "[g](/h)", "![i](/j)", "<https://k.example>", "&amp;",
                "l  \nm", "plain: text - with #, $, %, +, =, >, @, ^, {, }, ] and |"]),
    # line endings and NUL, which markdown-it rewrites before parsing
    "Windows\r\nlines\r\n\r\n- one\r- two\r\n",
    "nul\0char",
]


@pytest.fixture(scope="module")
def plain() -> MarkdownIt:
    """markdown-it as configured, without the rule guards."""
    return markdown.configured()


@pytest.mark.parametrize("source", CASES)
def test_guarded_rules_render_exactly_as_markdown_it_does(source: str, plain: MarkdownIt) -> None:
    html, _ = markdown.render(source)
    assert html == plain.render(source)


def test_raw_html_stays_text() -> None:
    html, _ = markdown.render("Text\n<div onclick=\"x()\">raw</div>\n\n<script>alert(1)</script>")
    assert "<div" not in html and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("source", CASES + ["Tabs\tand  double  spaces", "nbsp\u00a0 and\u2028separator", "\\  lead"])
def test_plain_text_is_every_text_single_spaced(source: str, plain: MarkdownIt) -> None:
    words = [child.content for token in plain.parse(source) if token.type == "inline"
             for child in token.children or () if child.type in ("text", "code_inline")]
    assert markdown.render(source)[1] == " ".join(" ".join(words).split())
