"""A brief's Markdown body: found once, for the checker and the pages."""
