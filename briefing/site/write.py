"""Write the whole site's Markdown to a folder: hand-written docs plus every generated page.

For engines that read ``mkdocs.yml`` but run no hooks (Zensical, plain MkDocs elsewhere):
point their ``docs_dir`` at the folder this writes. ``from_source`` writes links inside raw HTML
relative to each page's source file, as Zensical resolves them (``Links``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..catalog import Catalog
from . import rollup, uris
from .html import Links
from .pages import generate, home, site_files


def write_pages(
    catalog: Catalog, docs_dir: Path, out_dir: Path, *, from_source: bool = False
) -> list[Path]:
    """Copy ``docs_dir`` into ``out_dir`` and add the generated pages; returns the pages written."""
    links = Links(directory_urls=True, from_source=from_source)
    out_dir = out_dir.resolve()
    if docs_dir.is_dir():
        shutil.copytree(docs_dir, out_dir, dirs_exist_ok=True)
    written = []
    for src_uri, page in generate(catalog, links=links).items():
        target = (out_dir / src_uri).resolve()
        if out_dir not in target.parents:  # src_uris come from validated ids; refuse anything else
            raise ValueError(f"refusing to write outside {out_dir}: {src_uri}")
        if (docs_dir / src_uri).exists():
            continue  # a hand-written page at a generated page's path wins
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.write().markdown(), encoding="utf-8")
        written.append(target)
    for path, content in site_files(catalog, site_url=None, directory_urls=True).items():
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    home_path = out_dir / uris.HOME
    intro = home_path.read_text(encoding="utf-8") if home_path.exists() else home.default_intro()
    merged = home.merge(intro, catalog, links)
    home_path.write_text(rollup.marked_page(merged, rollup.whole_site(catalog)), encoding="utf-8")
    written.append(home_path)
    return written
