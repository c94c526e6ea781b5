"""The theme's files listed once per `mkdocs serve`, not at every rebuild.

At each build MkDocs walks every theme folder and matches each name against its patterns to find
the theme's static files (``Files.add_files_from_theme``). Material ships 14,500 templates and
icons, so this is a fixed 0.07 s of every rebuild: a tenth of a body edit's at 1,000 briefs. Under
serve the listing is kept, by the folders and what they hold: the theme's overrides (a handful of
files) by each file's size and time, the installed themes by their folders' times (an upgrade
replaces them).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig


class Listings:
    """Kept across the rebuilds of one serve (by the plugin): each listing by what it came from."""

    def __init__(self) -> None:
        self.kept: dict[tuple, list[str]] = {}

    def install(self, config: MkDocsConfig) -> None:
        """Each environment this build's theme makes lists its templates from here."""
        theme = config.theme
        make = theme.get_env

        def get_env() -> Any:
            env = make()
            env.list_templates = self._listing(  # type: ignore[method-assign]
                env.list_templates, theme
            )
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def _listing(self, listed: Callable, theme: Any) -> Callable:
        def list_templates(extensions: Any = None, filter_func: Callable | None = None) -> list:
            code = getattr(filter_func, "__code__", None)
            if code is None:  # not MkDocs' own filter: nothing to know it by
                return listed(extensions, filter_func)
            found = (
                code,
                repr(extensions),
                tuple(theme.static_templates),
                _folders(theme.dirs, theme.custom_dir),
            )
            if found not in self.kept:
                self.kept = {found: listed(extensions, filter_func)}  # only the latest
            return list(self.kept[found])

        return list_templates


def _overrides(custom_dir: str | None) -> list[tuple[str, int, int]]:
    """The theme's overrides (``custom_dir``) as they are now: each file's path, size and time."""
    found = []
    for folder, _, names in os.walk(custom_dir) if custom_dir else ():
        for name in names:
            path = os.path.join(folder, name)
            try:
                status = os.stat(path)
            except OSError:
                continue
            found.append((path, status.st_size, status.st_mtime_ns))
    return sorted(found)


def _folders(dirs: list[str], custom_dir: str | None) -> tuple:
    """The theme's folders as they are now: the overrides file by file, each other folder by its
    own time."""
    state: list[object] = [tuple(_overrides(custom_dir))]
    for folder in dirs:
        try:
            state.append((folder, os.stat(folder).st_mtime_ns))
        except OSError:
            state.append((folder, None))
    return tuple(state)
