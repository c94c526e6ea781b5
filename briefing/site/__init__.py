"""The emit stage: generated pages, pictures, feeds, data files and the search index."""
