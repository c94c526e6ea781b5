"""Checks over a whole briefs folder: the entry point the CLI and the build share.

``check_folder`` loads every brief and both registries (``briefing.load``) and runs the checks
that need more than one file (``cross``); ``scope`` narrows a report to changed files.
"""

from .folder import Result, briefs_dir, check_folder, tally

__all__ = ["Result", "briefs_dir", "check_folder", "tally"]
