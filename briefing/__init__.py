"""Briefing Room engine: load, check and cross-link analysts' briefs.

Data flows one way: files → ``load`` → ``checks`` → ``catalog`` → ``pages``.
Nothing in this package imports MkDocs except ``briefing.mkdocs_adapter``.
"""

__version__ = "0.1.0"
