"""Load: a board's sources (site.yml, content/, the theme's words) read into validated, frozen
records; every error collected with its file and line. The only stage that reads the board.

May import: nothing else of builder but `search.tokens` and `search.snippets` (the search's
text rules, which import nothing): a posting's terms and sentences are made when it is parsed,
so the parse cache keeps them.
"""
