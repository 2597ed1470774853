"""Load: a board's sources (site.yml, content/, its templates and static files) and the theme's
words, read into validated, frozen records; every error collected with its file and line. A
content file's parser takes its bytes, so that a build may take the result from its cache
instead (output/parse.py).

May import: nothing else of builder but `search.tokens` and `search.snippets` (the search's
text rules, which import nothing): a posting's terms and sentences are made when it is parsed,
so the parse cache keeps them.
"""
