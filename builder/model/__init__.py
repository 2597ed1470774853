"""Model: the Board (postings joined to companies and skills, drafts and expiry applied, sorted) and
what is computed from it: pay, labels in the board's language, the warnings about a board. Pure.

May import: `load`.
"""
