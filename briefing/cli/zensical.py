"""A Zensical project made from this site's own (``briefing render --for zensical OUT``).

Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin, so the project holds the rendered pages
(``OUT/docs/``, links written as Zensical resolves them), the site's config without the
briefing plugin (``OUT/mkdocs.yml``) and the theme overrides without the MkDocs-only parts
(``OUT/overrides/``). Build it with ``cd OUT && zensical build`` (``make zensical``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

# Overrides Zensical cannot use: MkDocs' sitemap template (it reads MkDocs' ``pages``, undefined
# in Zensical, which writes its own sitemap), Material's search partial (Zensical's search is
# another component: with Material's box its search never leaves "Initializing search") and
# Material's inline scripts moved to files (Zensical's templates carry their own).
MKDOCS_ONLY = ("sitemap.xml", "partials/search.html", "partials/javascripts")

_PLUGIN = re.compile(r"  # The engine[^\n]*\n  - briefing:\n(?:      [^\n]*\n)+")


def without_plugin(config_text: str) -> str:
    """``mkdocs.yml`` with the briefing plugin's entry taken out: plain MkDocs and Material."""
    return _PLUGIN.sub("", config_text)


def project_config(config_text: str) -> str:
    """The site's config for the project: its pages in ``docs/``, its overrides in
    ``overrides/``, no briefing plugin."""
    text = without_plugin(config_text)
    text, pages = re.subn(r"(?m)^docs_dir: .*$", "docs_dir: docs", text)
    text, theme = re.subn(r"(?m)^(  custom_dir:) [^ #\n]+", r"\1 overrides", text)
    if (pages, theme) != (1, 1) or "- briefing:" in text:
        raise ValueError(
            "mkdocs.yml: no docs_dir, theme custom_dir or briefing plugin entry where expected"
        )
    return text


def write_project(config: Path, out: Path) -> None:
    """``OUT/mkdocs.yml`` and ``OUT/overrides/`` from ``config`` and its ``overrides/``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(
        project_config(config.read_text(encoding="utf-8")), encoding="utf-8"
    )
    target = out / "overrides"
    if target.exists():
        shutil.rmtree(target)
    skip = {Path(part) for part in MKDOCS_ONLY}
    source = config.parent / "overrides"

    def ignored(folder: str, names: list[str]) -> list[str]:
        here = Path(folder).relative_to(source)
        return [name for name in names if here / name in skip]

    shutil.copytree(source, target, ignore=ignored)
