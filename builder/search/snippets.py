"""The text of a posting's body as the search index's snippet file: its distinct sentences,
made once when the posting is parsed (and cached with it), not again by every index build."""

from __future__ import annotations

import html
import json
import re
import zlib

BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|td|th|dt|dd)>|<br\s*/?>")
TAG = re.compile(r"<[^>]*>")


def body_sentences(body_html: str) -> list[str]:
    """The body's text as sentences: each block (paragraph, list item, heading) split after
    . ! ? : or ; and a space, white space single; a sentence said again is left out (a snippet
    shows the first sentence with a query word, so a repeat would never be shown)."""
    sentences: list[str] = []
    for block in BLOCK_END.split(body_html):
        text = " ".join(html.unescape(TAG.sub("", block)).split())
        for mark in ".!?:;":  # str.replace, not a regex: this runs over every body
            text = text.replace(mark + " ", mark + "\n")
        sentences += filter(None, text.split("\n"))
    return list(dict.fromkeys(sentences))


def sentence_file(body_html: str) -> bytes:
    """search/text/<slug>.bin: the sentences as JSON, raw-deflated."""
    return deflate(json.dumps(body_sentences(body_html), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def deflate(data: bytes) -> bytes:
    """Raw deflate (no zlib header), as DecompressionStream("deflate-raw") reads it; the same
    bytes for the same input, so builds stay reproducible."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()
