"""Read briefs and registries from disk into the model: every file a value or a problem."""
