"""Search: the prebuilt search index under search/, and the text rules it shares with the
browser's static/assets/search.js: tokens and stems, other names of places, body snippets. Pure.

May import: `load`, `model`.
"""
