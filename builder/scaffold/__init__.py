"""Scaffold: the files jobboard writes into a board: `jobboard init`'s starter board, `jobboard new`'s
skeletons, the JSON Schemas editors check site.yml and content files with.

May import: `load`.
"""
