"""Model: the Board (postings joined to companies and skills, drafts and expiry applied, sorted) and
what is computed from it without words or markup: pay, labels, the warnings about a board. Pure.

May import: `load`.
"""
