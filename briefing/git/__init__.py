"""What git knows about the briefs: last changes, and the files a branch changed."""
