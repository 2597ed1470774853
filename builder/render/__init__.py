"""Render: the Board into every file of the site, in memory (url path -> bytes): the sandboxed
Jinja environment and its pages, feeds, SEO files, salary tables and chart, fingerprinted assets. Pure.

May import: `load`, `model`, `search`.
"""
