"""The search worker reads one index format: an index of another is refused, with a message in
the search box, never a search that silently finds nothing."""

from __future__ import annotations

import re
import shutil

from conftest import REPO
from searching import results

from briefing.site.search import index

WORKER = REPO / "docs" / "assets" / "briefing" / "search-worker.js"


def test_the_worker_reads_the_format_the_build_writes():
    found = re.search(r"^const FORMAT = (\d+)$", WORKER.read_text(encoding="utf-8"), re.M)
    assert found and int(found.group(1)) == index.FORMAT


def test_an_index_of_another_format_is_refused_with_a_message_in_the_search_box(
    page, small_site, serve, tmp_path
):
    site = tmp_path / "site"
    shutil.copytree(small_site, site)
    meta = site / "search" / "meta.js"
    text = meta.read_text(encoding="utf-8")
    field = f'"format":{index.FORMAT},'
    assert text.count(field) == 1
    meta.write_text(text.replace(field, f'"format":{index.FORMAT + 1},'), encoding="utf-8")
    base = serve(site)
    page.goto(base)
    shown = results(page, "ceasefire")
    assert len(shown) == 1 and len(shown[0]["entries"]) == 1
    assert shown[0]["entries"][0]["text"].strip() == (
        f"Search is unavailable: this site's search index has format {index.FORMAT + 1}, and "
        f"its search reads format {index.FORMAT}. The site must be built again in one piece."
    )
