"""Import raw job ads and applicant-tracking feeds as postings: `jobboard import` and `jobboard sync`.

read (a file or URL, in any of the source formats) -> Ad -> draft (fields extracted, doubts
named) -> write (content/jobs/<slug>.md with a `source` record).

May import: `load` (it stands beside the build: only the command line imports it).
"""
