"""The pictures (briefing/site/pictures): well-formed, accessible, deterministic, linked, and small
at 10,000 events.

Engine tests draw from catalogs built in memory (the sample briefs, hostile values, synthetic
corpora of any size); site tests read the real builds; browser tests look at them in Chromium.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import xml.etree.ElementTree as ET

import pytest
from conftest import HOSTILE_EVENT, HOSTILE_TITLE, REPO, TODAY, mkdocs_build
from helpers import uncorrected_sample
from sitecheck import broken_links, parse

from briefing import catalog as catalog_module
from briefing.check.folder import check_folder
from briefing.model import Actor, ActorKind, Brief, Corpus, Event, Source, Topic
from briefing.site.html import Links
from briefing.site.pages import figures, generate
from briefing.site.pictures import network, timeline

SVG = "{http://www.w3.org/2000/svg}"
SVG_BLOCK = re.compile(r"<svg\b.*?</svg>", re.S)


def svgs(text: str) -> list[str]:
    return SVG_BLOCK.findall(text)


def sample_catalog():
    result = check_folder(REPO / "briefs", today=TODAY)
    return catalog_module.build(result.corpus, today=TODAY)


def synthetic_catalog(
    events: int, *, actors: int = 200, topics: int = 12, per_brief: int = 2, seed: int = 3
):
    """``events`` distinct events in briefs of ``per_brief`` each, over ten years, built in
    memory.
    """
    rng = random.Random(seed)
    kinds = list(ActorKind)
    actor_registry = {
        f"actor-{i:03d}": Actor(f"actor-{i:03d}", f"Actor number {i}", kind=kinds[i % 3])
        for i in range(actors)
    }
    topic_registry = {
        f"topic-{i:02d}": Topic(f"topic-{i:02d}", f"Topic {i}") for i in range(topics)
    }
    actor_ids, topic_ids = list(actor_registry), list(topic_registry)
    count = events // per_brief
    briefs = []
    for b in range(count):
        date = dt.date(2016, 1, 1) + dt.timedelta(days=b * 3650 // count)
        cast = rng.sample(actor_ids, 3)
        happened = []
        for k in range(per_brief):
            start = date - dt.timedelta(days=rng.randint(0, 20))
            end = start + dt.timedelta(days=2) if k % 3 == 0 else None
            happened.append(Event(date=start, end=end, title=f"Event {b}.{k}", actors=cast[:2]))
        briefs.append(
            Brief(
                id=f"brief-{b:05d}",
                path=f"briefs/brief-{b:05d}.md",
                title=f"Brief {b}",
                summary="Bottom line.",
                date=date,
                topics=rng.sample(topic_ids, min(2, topics)),
                actors=cast,
                sources=[Source("s1", "Report", "Wire")],
                events=happened,
            )
        )
    return catalog_module.build(
        Corpus("briefs", briefs, actor_registry, topic_registry), today=TODAY
    )


@pytest.fixture(scope="module")
def sample_pages():
    return generate(sample_catalog())


def page_svgs(pages, uri: str) -> list[str]:
    return [s for block in pages[uri].blocks for s in svgs(block)]


PICTURE_PAGES = {
    "timeline.md": 1,
    "topics/russia-china-relations.md": 2,  # activity and timeline
    "actors/xi-jinping.md": 2,  # timeline and network
    "actors/index.md": 1,  # the site's network
}


@pytest.mark.parametrize("uri,count", PICTURE_PAGES.items())
def test_each_picture_page_has_its_pictures_and_they_are_well_formed_xml(sample_pages, uri, count):
    found = page_svgs(sample_pages, uri)
    assert len(found) == count
    for text in found:
        root = ET.fromstring(text)
        assert root.tag == SVG + "svg"


@pytest.mark.parametrize("uri", PICTURE_PAGES)
def test_pictures_have_a_title_a_description_and_a_role(sample_pages, uri):
    for text in page_svgs(sample_pages, uri):
        root = ET.fromstring(text)
        assert root.get("role") in ("img", "group")
        title = root.find(SVG + "title")
        desc = root.find(SVG + "desc")
        assert (
            title is not None
            and title.text.strip()
            and root.get("aria-labelledby") == title.get("id")
        )
        assert (
            desc is not None
            and len(desc.text) > 40
            and root.get("aria-describedby") == desc.get("id")
        )
        links = list(root.iter(SVG + "a"))
        assert (root.get("role") == "group") == bool(
            links
        )  # a picture with links stays a group a keyboard can enter


@pytest.mark.parametrize("uri", PICTURE_PAGES)
def test_every_link_in_a_picture_has_a_name(sample_pages, uri):
    for text in page_svgs(sample_pages, uri):
        for anchor in ET.fromstring(text).iter(SVG + "a"):
            name = anchor.find(SVG + "title")
            assert anchor.get("href") and name is not None and name.text.strip()


def test_picture_ids_are_unique_within_each_page(sample_pages):
    for uri, page in sample_pages.items():
        ids = re.findall(r'\sid="([^"]+)"', "".join(page.blocks))
        assert len(ids) == len(set(ids)), uri


def test_colours_come_from_the_theme_not_from_the_svg(sample_pages):
    """Dark mode and print restyle the pictures through CSS: no fixed colour is written into
    them.
    """
    text = "".join(s for uri in PICTURE_PAGES for s in page_svgs(sample_pages, uri))
    assert not re.search(r'(fill|stroke)="#', text)
    assert 'fill="currentColor"' in text


def test_pictures_are_the_same_for_the_same_briefs():
    first, second = generate(sample_catalog()), generate(sample_catalog())
    for uri in PICTURE_PAGES:
        assert page_svgs(first, uri) == page_svgs(second, uri)


def test_network_layout_is_deterministic_at_200_actors():
    catalog = synthetic_catalog(2_000)
    links = Links()
    assert figures.site_network(catalog, links) == figures.site_network(
        synthetic_catalog(2_000), links
    )


def test_timeline_marks_link_each_event_to_its_brief():
    catalog = synthetic_catalog(20, per_brief=2)
    text = figures.site_timeline(catalog, Links())
    targets = re.findall(
        r'<a href="\.\./briefs/(brief-\d+)/"><title>([^<]*)</title>'
        r'<(?:circle|rect) class="br-mark"',
        text,
    )
    # Each event sits in the lane of each of its brief's two topics.
    assert len(targets) == 2 * 20
    assert {t for t, _ in targets} == {b.id for b in catalog.briefs}
    assert all(re.match(r"\d+", tip) for _, tip in targets)  # the tooltip starts with the date


def test_timeline_ranges_are_bars_and_days_are_dots():
    catalog = synthetic_catalog(6, per_brief=3, topics=1)
    text = figures.site_timeline(catalog, Links())
    assert text.count('<rect class="br-mark"') == 2  # k == 0 of each brief has an end date
    assert text.count('<circle class="br-mark"') == 4


def axis_labels(svg: str) -> list[str]:
    return re.findall(
        r"<text [^>]*>([^<]+)</text>", svg.split('<g class="br-axis">', 1)[1].split("</g>", 1)[0]
    )


def test_the_timeline_names_every_year_of_its_span(sample_pages):
    # The sample events run from February 2022 to May 2025: the first, partial year is named too.
    assert axis_labels(page_svgs(sample_pages, "timeline.md")[0]) == [
        "2022",
        "2023",
        "2024",
        "2025",
    ]


def test_every_label_of_every_picture_is_drawn_at_twelve_units(sample_pages):
    for uri in PICTURE_PAGES:
        for svg in page_svgs(sample_pages, uri):
            # One size, set on the picture and inherited by every label.
            assert re.findall(r'font-size="(\d+)"', svg) == ["12"], uri


def test_a_dense_timeline_counts_events_per_year_and_links_the_years():
    catalog = synthetic_catalog(1_000, topics=3)
    text = figures.site_timeline(catalog, Links())
    assert "br-mark" not in text and "../briefs/" not in text
    years = re.findall(r'<a href="\./#(\d{4})"><title>Topic 0: (\d+) events? in \1</title>', text)
    assert len(years) >= 10
    per_topic = sum(len(e) for e in [catalog.timeline_by_topic["topic-00"]])
    assert sum(int(n) for _, n in years) == per_topic


def test_a_dense_timeline_over_a_short_span_counts_per_month():
    catalog = synthetic_catalog(400, topics=1)
    for brief in catalog.briefs:  # squeeze ten years into one
        for event in brief.events:
            event.date = dt.date(2024, 1 + event.date.toordinal() % 12, 1 + event.date.day % 28)
            event.end = None
    catalog = catalog_module.build(
        Corpus("briefs", catalog.briefs, catalog.actors, catalog.topics), today=TODAY
    )
    text = figures.site_timeline(catalog, Links())
    months = re.findall(
        r'<a href="\./#([a-z]+-2024)"><title>Topic 0: (\d+) events? in (\w+) 2024</title>', text
    )
    assert len(months) == 12 and all(anchor.startswith(name.lower()) for anchor, _, name in months)
    assert sum(int(n) for _, n, _ in months) == 400


def test_the_threshold_between_marks_and_counts():
    few, many = synthetic_catalog(200, topics=1), synthetic_catalog(202, topics=1)
    assert (
        few.timeline_by_topic["topic-00"]
        and len(few.timeline_by_topic["topic-00"]) == timeline.MARK_LIMIT
    )
    assert figures.site_timeline(few, Links()).count("br-mark") == 200
    assert "br-mark" not in figures.site_timeline(many, Links())


@pytest.fixture(scope="module")
def ten_thousand_events():
    return synthetic_catalog(10_000)


def test_timeline_of_10000_events_stays_under_its_size_limit(ten_thousand_events):
    catalog = ten_thousand_events
    assert len(catalog.timeline) == 10_000
    page = figures.site_timeline(catalog, Links())
    assert len(page.encode()) < timeline.SIZE_LIMIT
    ET.fromstring(svgs(page)[0])
    for topic in catalog.topics:
        assert len(figures.topic_timeline(topic, catalog, Links()).encode()) < timeline.SIZE_LIMIT


def test_network_of_200_actors_draws_the_strongest_ties_and_labels_the_busiest(ten_thousand_events):
    text = figures.site_network(ten_thousand_events, Links())
    root = ET.fromstring(svgs(text)[0])
    nodes = [a for a in root.iter(SVG + "a")]
    lines = list(root.iter(SVG + "line"))
    assert len(nodes) == 200
    assert 200 // 2 <= len(lines) <= network.MAX_EDGES
    assert len(re.findall(r'class="br-halo"', text)) <= network.LABELS
    assert len(text.encode()) < 100 * 1024


def test_actor_network_puts_the_closest_co_actors_around_the_actor(sample_pages):
    text = page_svgs(sample_pages, "actors/xi-jinping.md")[1]
    catalog = sample_catalog()
    closest = catalog.co_actors["xi-jinping"].most_common(network.EGO_LIMIT)
    for actor_id, shared in closest:
        name = catalog.actors[actor_id].name
        assert f'<a href="../{actor_id}/"><title>{name}: {shared} brief' in text
    assert "../xi-jinping/" not in text  # the actor in the middle is this page


def test_actor_network_links_follow_the_url_style():
    catalog = sample_catalog()
    flat = figures.actor_network("xi-jinping", catalog, Links(directory_urls=False))
    assert 'href="vladimir-putin.html"' in flat and "../" not in flat


def test_activity_counts_briefs_and_events_per_month(sample_pages):
    text = page_svgs(sample_pages, "topics/russia-china-relations.md")[0]
    catalog = sample_catalog()
    may = sum(
        1
        for b in catalog.by_topic["russia-china-relations"]
        if (b.date.year, b.date.month) == (2025, 5)
    )
    assert f"<title>May 2025: {may} briefs</title>" in text
    assert ET.fromstring(text).get("role") == "img"


def test_hostile_values_are_escaped_in_pictures(corpus_dir, write_brief):
    write_brief(
        "hostile",
        title=HOSTILE_TITLE,
        actors=["xi-jinping", "vladimir-putin"],
        events=[
            {
                "date": "2025-05-01",
                "title": HOSTILE_EVENT,
                "location": "<i>x</i>",
                "actors": ["xi-jinping"],
            }
        ],
    )
    write_brief(
        "other",
        actors=["xi-jinping", "vladimir-putin"],
        events=[{"date": "2025-05-03", "title": "Quiet"}],
    )
    result = check_folder(corpus_dir, today=TODAY)
    pages = generate(catalog_module.build(result.corpus, today=TODAY))
    for uri in (
        "timeline.md",
        "topics/russia-china-relations.md",
        "actors/xi-jinping.md",
        "actors/index.md",
    ):
        for text in page_svgs(pages, uri):
            root = ET.fromstring(text)  # well-formed despite the payloads
            assert not [
                e for e in root.iter() if e.tag.endswith(("script", "img", "i", "foreignObject"))
            ]
            assert not [k for e in root.iter() for k in e.attrib if k.startswith("on")]
            tips = " ".join(t.text or "" for t in root.iter(SVG + "title"))
            if uri == "timeline.md":
                assert HOSTILE_EVENT in tips and "<i>x</i>" in tips  # shown as written, as text


def test_dates_disagreement_is_drawn_as_a_dashed_second_mark(tmp_path):
    # The sample briefs before the visit brief corrected its dating of the Kazan summit.
    result = check_folder(uncorrected_sample(tmp_path), today=TODAY)
    pages = generate(catalog_module.build(result.corpus, today=TODAY))
    text = page_svgs(pages, "timeline.md")[0]
    other = re.findall(
        r'<a href="\.\./briefs/([\w-]+)/"><title>([^<]*)</title><rect class="br-mark '
        r'br-mark--other"',
        text,
    )
    assert other and all(b == "xi-state-visit-russia-may-2025" for b, _ in other)
    assert "reported as September 2024" in other[0][1]


# The real site


def test_pictures_links_resolve_in_a_real_build(sample_site):
    assert broken_links(sample_site) == []
    for path in ("timeline", "topics/russia-china-relations", "actors/xi-jinping", "actors"):
        page = sample_site / path / "index.html"
        text = page.read_text(encoding="utf-8")
        found = svgs(text)
        assert found, path
        for svg in found:
            ET.fromstring(svg)
        hrefs = re.findall(r'<a href="([^"]+)"', "".join(found))
        assert hrefs and set(hrefs) <= {url for tag, url in parse(page).links}, path


def test_two_builds_draw_the_same_pictures(sample_site, tmp_path):
    again = tmp_path / "site"
    assert mkdocs_build(REPO / "briefs", again).returncode == 0
    for path in ("timeline", "topics/russia-china-relations", "actors/xi-jinping", "actors"):
        first = svgs((sample_site / path / "index.html").read_text(encoding="utf-8"))
        second = svgs((again / path / "index.html").read_text(encoding="utf-8"))
        assert first and first == second, path


def test_the_text_listing_stays_beside_the_timeline(sample_site):
    text = (sample_site / "timeline" / "index.html").read_text(encoding="utf-8")
    after = text.split("</figure>", 1)[1]
    assert (
        'id="ev-brics-summit-kazan-2024"' in after
    )  # the list a screen reader reads follows the picture


# In Chromium


def test_pictures_render_at_full_width_with_visible_marks(page, sample_site, serve):
    base = serve(sample_site)
    for path, marks in (
        ("timeline/", ".br-mark"),
        ("topics/russia-china-relations/", ".br-bar"),
        ("actors/xi-jinping/", ".br-node"),
        ("actors/", ".br-node"),
    ):
        page.goto(base + path)
        for figure in page.locator("figure.br-picture svg").all():
            box = figure.bounding_box()
            assert box["width"] > 600 and box["height"] > 120, path
        mark = page.locator(f"figure.br-picture {marks}").first.bounding_box()
        assert mark and mark["width"] > 2 and mark["height"] > 2, path
        fill = page.locator(f"figure.br-picture {marks}").first.evaluate(
            "e => getComputedStyle(e).fill"
        )
        assert fill not in ("none", "rgb(0, 0, 0)"), path  # coloured by the site's CSS


def test_picture_links_are_reachable_by_name_and_open_their_page(page, sample_site, serve):
    base = serve(sample_site)
    page.goto(base + "timeline/")
    group = page.get_by_role("group", name="Timeline of events, by topic")
    assert group.count() == 1
    link = group.get_by_role(
        "link", name=re.compile(r"^22–24 October 2024 · 16th BRICS summit in Kazan")
    ).first
    link.click()
    page.wait_for_load_state()
    assert page.url.startswith(base + "briefs/")
    page.goto(base + "actors/")
    page.get_by_role("group", name="Actors and the briefs they share").get_by_role(
        "link", name=re.compile(r"^Vladimir Putin")
    ).click()
    page.wait_for_load_state()
    assert page.url == base + "actors/vladimir-putin/"


def test_pictures_follow_the_dark_scheme(page, sample_site, serve):
    """Material's dark scheme ("slate") changes the theme's variables; the pictures' text
    follows.
    """
    base = serve(sample_site)
    page.goto(base + "timeline/")
    # A label that is not a link: link text keeps the link colour, which both schemes share.
    label = (
        page.locator("figure.br-picture svg text")
        .filter(has_not=page.locator("xpath=ancestor::*[local-name()='a']"))
        .first
    )
    light = label.evaluate("e => getComputedStyle(e).fill")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = label.evaluate("e => getComputedStyle(e).fill")
    assert light != dark
    brightness = lambda rgb: sum(int(v) for v in re.findall(r"\d+", rgb)[:3])
    assert brightness(dark) > brightness(light)


def test_pictures_print(page, sample_site, serve):
    base = serve(sample_site)
    page.goto(base + "actors/xi-jinping/")
    page.emulate_media(media="print")
    for figure in page.locator("figure.br-picture svg").all():
        box = figure.bounding_box()
        assert box and box["height"] > 100
