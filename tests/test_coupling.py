"""Every Material for MkDocs (and MkDocs) internal the adapter touches, each held here to what the
installed version does, so that an upgrade that changes one fails a test instead of a site. The
inventory, with the test for each row, is in ARCHITECTURE.md ("Coupling inventory")."""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import markdown
import material
import mkdocs
from conftest import REPO
from material.plugins.offline.plugin import OfflinePlugin
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc

from briefing.plugin import build as plugin_build
from briefing.site.doc import Doc
from briefing.site.search import plain

# The document that names each coupling, and the test for it: one constant, so the inventory can
# move.
INVENTORY = REPO / "ARCHITECTURE.md"
MATERIAL = Path(material.__file__).parent / "templates"
MKDOCS_TEMPLATES = Path(mkdocs.__file__).parent / "templates"
# Our copies of Material's (and MkDocs') templates and scripts, each beside its original. The
# differences expected are in tests/data/material-changes.diff; after an upgrade, read the new
# differences, bring the copies up to date, then BRIEFING_UPDATE_COUPLING=1 rewrites the file.
COPIES = [
    (MATERIAL / "partials" / "search.html", REPO / "overrides" / "partials" / "search.html"),
    (MKDOCS_TEMPLATES / "sitemap.xml", REPO / "overrides" / "sitemap.xml"),
    *(
        (
            MATERIAL / "partials" / "javascripts" / name,
            REPO / "overrides" / "partials" / "javascripts" / name,
        )
        for name in sorted(p.name for p in (REPO / "overrides/partials/javascripts").iterdir())
    ),
]
CHANGES = Path(__file__).parent / "data" / "material-changes.diff"
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _lines(text: str) -> list[str]:
    # Minified scripts are one line: one statement a line, so a diff says which one changed.
    return [line + "\n" for line in re.sub(r";(?!\s*$)", ";\n", text.strip()).split("\n")]


def _label(original: Path) -> str:
    if original.is_relative_to(MATERIAL):
        return f"material/templates/{original.relative_to(MATERIAL).as_posix()}"
    return f"mkdocs/templates/{original.relative_to(MKDOCS_TEMPLATES).as_posix()}"


def live_changes() -> str:
    """The differences between each original and our copy, as unified diffs."""
    pairs = [
        (_label(a), b, a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))
        for a, b in COPIES
    ]
    # Material's inline scripts, moved to files (for the Content-Security-Policy).
    for original, _ in COPIES[2:]:
        inline = _SCRIPT.findall(original.read_text(encoding="utf-8"))[-1]
        ours = REPO / "docs" / "assets" / "briefing" / original.name.replace(".html", ".js")
        pairs.append(
            (_label(original) + " <script>", ours, inline, ours.read_text(encoding="utf-8"))
        )
    out = []
    for label, ours, theirs, mine in pairs:
        out.extend(
            difflib.unified_diff(
                _lines(theirs), _lines(mine), label, ours.relative_to(REPO).as_posix(), n=1
            )
        )
    return "".join(out)


def test_copied_partials_and_scripts_differ_from_the_installed_originals_by_our_changes_alone():
    live = live_changes()
    if os.environ.get("BRIEFING_UPDATE_COUPLING") == "1":
        CHANGES.write_text(live, encoding="utf-8")
    assert live == CHANGES.read_text(encoding="utf-8"), (
        "Material's (or MkDocs') originals changed: compare the copies with them "
        "(tests/data/material-changes.diff holds the expected differences)"
    )


def _page(finished, url: str, meta: dict) -> SimpleNamespace:
    """What Material's search plugin reads of a page, for a page the build finished."""
    return SimpleNamespace(
        content=finished.html, toc=get_toc(finished.toc_tokens), url=url, meta=meta, title=""
    )


def test_our_search_entries_are_what_materials_search_index_makes_of_the_page():
    # The generated pages' entries are made by the build (Doc.search_entries), not by Material's
    # search plugin parsing their HTML; both must give the index the same sections and words.
    doc = (
        Doc({"title": "A brief", "tags": ["Victory Day"]})
        .heading(1, "A brief")
        .html("<p>The <strong>bottom</strong> line &amp; <code>more</code>.</p>")
        .heading(2, "Sources")
        .html("<table><tr><td>A wire</td><td>B2</td></tr></table>")
    )
    finished = doc.finish()
    index = SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=[], fields={})
    index.add_entry_from_context(_page(finished, "briefs/x/", doc.meta))
    ours = finished.search_entries("briefs/x/", doc.meta)
    assert len(ours) == 2 and {key for e in index.entries for key in e} == {
        "location",
        "title",
        "text",
        "tags",
    }

    def words(entries: list[dict]) -> list[tuple]:
        # Material runs table cells together ("A wireB2"); ours keeps a space between them.
        return [
            (e["location"], plain(e["title"]), plain(e["text"]).replace(" ", ""), e.get("tags"))
            for e in entries
        ]

    assert words(ours) == words(index.entries)
    assert plain(ours[1]["text"]) == "A wire B2"


def test_materials_search_skips_a_page_whose_meta_excludes_it():
    # The build marks its generated pages so (their entries are made beforehand).
    finished = Doc({"title": "A"}).heading(1, "A").html("<p>Text.</p>").finish()
    index = SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    index.add_entry_from_context(_page(finished, "a/", {"search": {"exclude": True}}))
    assert index.entries == []


def test_materials_search_index_file_has_the_shape_the_index_writer_reads(small_site):
    # The build replaced it by an empty one in Material's shape; Material's own is the same keys.
    written = json.loads((small_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    index = SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={"title": {"boost": 1}})
    made = json.loads(index.generate_search_index(None))
    assert set(made) == set(written) == {"config", "docs"}
    assert (
        set(made["config"]) == set(written["config"]) == {"lang", "separator", "pipeline", "fields"}
    )


def test_the_search_worker_in_materials_page_config_is_where_the_build_replaces_it(small_site):
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    line = re.search(
        r'"search": "(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)" \| url', base
    )
    assert line and (MATERIAL / line.group(1)).is_file()
    assert plugin_build._MATERIAL_WORKER.search(f'"search": "../{line.group(1)}"')
    page = (small_site / "briefs" / "ceasefire" / "index.html").read_text(encoding="utf-8")
    config = json.loads(
        re.search(
            r'<script id="__config" type="application/json">(.*?)</script>', page, re.S
        ).group(1)
    )
    assert config["search"] == f"../../{plugin_build.SEARCH_WORKER}"


def test_materials_offline_plugin_adds_the_iframe_worker_polyfill_the_build_replaces():
    plugin = OfflinePlugin()
    plugin.load_config({"enabled": True})
    config = SimpleNamespace(extra={}, use_directory_urls=True)
    plugin.on_config(config)
    assert [url for url in config.extra["polyfills"] if "iframe-worker" in url] == [
        "https://unpkg.com/iframe-worker/shim"
    ]
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert "{% for script in config.extra.polyfills %}" in base  # where Material reads them


def test_the_blocks_and_partials_our_templates_use_are_in_materials_base():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    main = (REPO / "overrides" / "main.html").read_text(encoding="utf-8")
    used = set(re.findall(r"{% block (\w+) %}", main)) | set(
        re.findall(
            r"{% block (\w+) %}", (REPO / "overrides" / "404.html").read_text(encoding="utf-8")
        )
    )
    assert used == {"extrahead", "header", "content"}
    assert used <= set(re.findall(r"{% block (\w+) %}", base))
    for partial in re.findall(r'{% include "(partials/[^"]+)" %}', base):
        assert (MATERIAL / partial).is_file() or (REPO / "overrides" / partial).is_file(), partial
    # 404.html's button opens Material's search by the toggle's id.
    assert (
        'id="__search"' in base
        and 'for="__search"' in (REPO / "overrides" / "404.html").read_text()
    )
    for partial in ("partials/search.html", "partials/javascripts/base.html"):
        assert partial in (MATERIAL / "partials" / "header.html").read_text() + base


def test_our_table_of_contents_has_the_shape_python_markdown_gives_mkdocs():
    converter = markdown.Markdown(extensions=["toc"])
    converter.convert("# A\n\n## B\n")
    theirs = converter.toc_tokens
    finished = Doc().heading(1, "A").heading(2, "B").finish()
    ours = finished.toc_tokens
    assert set(ours[0]) <= set(theirs[0]) and set(ours[0]["children"][0]) <= set(
        theirs[0]["children"][0]
    )
    assert [(t.title, t.id, t.level) for t in get_toc(ours)] == [
        (t.title, t.id, t.level) for t in get_toc(theirs)
    ]


def test_the_inventory_names_a_test_that_exists_for_each_row():
    text = INVENTORY.read_text(encoding="utf-8")
    section = text[text.index("## Coupling inventory") :]
    named = re.findall(r"`(tests/test_\w+\.py)::(test_\w+)`", section)
    assert len(named) >= 10
    for path, name in named:
        assert re.search(rf"^def {name}\(", (REPO / path).read_text(encoding="utf-8"), re.M), (
            path,
            name,
        )


def test_material_search_reads_an_excluded_pages_html_only_to_strip_its_search_attributes():
    """``Build.hold_content`` hands Material's search plugin an empty HTML for a generated page
    (excluded from its index): that is only sound while the plugin, for an excluded page, adds no
    entry and does nothing with the HTML but strip ``data-search-*`` attributes (which the held
    pages have none of)."""
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    plugin = config.plugins["material/search"]
    plugin.on_config(config)
    html = '<h1 id="a">A</h1><ul data-search-exclude="listing"><li>x</li></ul>'
    page = SimpleNamespace(
        meta={"search": {"exclude": True}}, content=html, toc=get_toc([]), url="a/", title="A"
    )
    plugin.on_page_context({}, page=page, config=config, nav=None)
    assert plugin.search_index.entries == []
    assert page.content == '<h1 id="a">A</h1><ul><li>x</li></ul>'
    page.content = ""
    plugin.on_page_context({}, page=page, config=config, nav=None)
    assert plugin.search_index.entries == [] and page.content == ""


def test_materials_search_reads_the_home_page_alike_with_its_listings_skimmed(tmp_path):
    """The home page's listings (``data-search-exclude``) are held out of its HTML while Material's
    search plugin reads it and put back after (``home.skim``, ``Build.content_back``): sound only
    while the plugin makes the same entries of a skipped listing's emptied shell as of the whole
    listing, and strips the page's search attributes as ``_strip_search_attributes`` does."""
    import datetime as dt

    from mkdocs.config import load_config

    from briefing import catalog as catalog_module
    from briefing.check.folder import check_folder
    from briefing.site.html import Links
    from briefing.site.pages import home

    today = dt.date(2027, 6, 1)  # every brief stale: the longest listing
    result = check_folder(REPO / "briefs", today=today)
    catalog = catalog_module.build(result.corpus, today=today)
    markdown_text, held = home.merge_held("# Home\n\nIntro.\n", catalog, Links(directory_urls=True))
    assert len(catalog.stale()) >= 3
    html = home.put_back(markdown.markdown(markdown_text, extensions=["toc"]), held)
    skimmed, listings = home.skim(held)
    assert len(listings) >= 3 and all(home.LISTING in listing for listing in listings.values())
    shell = home.put_back(markdown.markdown(markdown_text, extensions=["toc"]), skimmed)
    assert len(shell) < len(html) / 2

    config = load_config(str(REPO / "mkdocs.yml"))

    def read(content: str) -> tuple[list, str]:
        plugin = config.plugins["material/search"]
        plugin.on_config(config)
        page = SimpleNamespace(meta={}, content=content, toc=get_toc([]), url="", title="Home")
        plugin.on_page_context({}, page=page, config=config, nav=None)
        return plugin.search_index.entries, page.content

    whole_entries, whole_content = read(html)
    skimmed_entries, skimmed_content = read(shell)
    assert whole_entries == skimmed_entries and len(whole_entries) >= 4
    assert "data-search-" not in whole_content
    assert home.unskim(skimmed_content, listings, plugin_build._strip_search_attributes) == (
        whole_content
    )
    # Where no search plugin read it, the page is put back as it was.
    assert home.unskim(shell, listings, plugin_build._strip_search_attributes) == html


def test_the_search_settings_in_mkdocs_yml_are_materials_own_for_the_site_language():
    """mkdocs.yml gives the search plugin its language, separator and pipeline, which Material
    would otherwise look up in its translations at every build (three template environments made
    per rebuild): they must be what Material looks up for the theme's language."""
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    search_config = config.plugins["material/search"].config
    env = config.theme.get_env()
    template = env.get_template("partials/language.html", None, {"config": config})

    def translated(key: str) -> str:
        return template.module.t(key)

    assert config.theme["language"] == "en"
    assert search_config.lang == [translated("search.config.lang")]
    assert search_config.separator == translated("search.config.separator")
    pipeline = [p for p in re.split(r"\s*,\s*", translated("search.config.pipeline")) if p]
    assert search_config.pipeline == pipeline
