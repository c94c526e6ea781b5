"""Brief pages converted in worker processes are the pages MkDocs would have made itself."""

from __future__ import annotations

import re

import markdown

from briefing.prerender import Prerenderer
from conftest import mkdocs_build

EXTENSIONS = ["toc", "tables", "attr_list", "admonition"]


def test_workers_convert_like_markdown_itself():
    texts = {f"page-{i}": f"## Heading {i}\n\nSome *text* {i}.\n\n| a | b |\n| - | - |\n| {i} | x |\n" for i in range(100)}
    prerenderer = Prerenderer(EXTENSIONS, {"toc": {"permalink": True}}, processes=2)
    try:
        prerenderer.submit(texts)
        got = {key: prerenderer.result(key) for key in texts}
    finally:
        prerenderer.close()
    for key, text in texts.items():
        reference = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
        assert got[key][0] == reference.convert(text)
        assert got[key][1] == reference.toc_tokens


def article(path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.search(r"<article.*?</article>", text, re.S).group(0)


def test_build_with_workers_equals_build_without(small_site, tmp_path):
    briefs = small_site.parent / "briefs"
    serial = tmp_path / "serial"
    result = mkdocs_build(briefs, serial, extra_env={"BRIEFING_WORKERS": "0"})
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(serial) for p in (serial / "briefs").rglob("index.html"))
    assert len(pages) == 4
    for page in pages:
        assert article(serial / page) == article(small_site / page), page
    assert (serial / "search" / "search_index.json").read_text(encoding="utf-8") == (small_site / "search" / "search_index.json").read_text(encoding="utf-8")
