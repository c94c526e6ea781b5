"""Checks over a whole briefs folder: the entry point the CLI and the build share."""
