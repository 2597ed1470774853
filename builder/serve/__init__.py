"""Serve: `jobboard serve`: the site built in memory, served over HTTP on 127.0.0.1, rebuilt
when a file changes, open browsers told to reload.

May import: `load`, `model`, `search`, `render`, `output`.
"""
