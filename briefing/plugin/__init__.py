"""The MkDocs plugin: the one edge of the engine that imports MkDocs."""
