"""Markings as the checker sees them: TLP 2.0 labels, the site's default, and no brief pointing at
a brief its readers may not read; the audience filter and the roll-up over a checked corpus."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REPO, TODAY

from briefing import catalog, markings
from briefing.audience import Audience, AudienceError, corpus_for, editors_view, hosted, one_brief
from briefing.check.folder import check_folder
from briefing.model import Marking, Severity
from briefing.plugin.config import OptionsError, read_options
from briefing.site import rollup, uris

E = Severity.ERROR


def problems(root, **kwargs) -> list[tuple[str, int, Severity, str]]:
    result = check_folder(root, today=TODAY, **kwargs)
    return [(p.path.split("/")[-1], p.line, p.severity, p.message) for p in result.problems]


def errors_of(root, name: str, **kwargs) -> list[tuple[int, str]]:
    return [
        (line, msg)
        for path, line, sev, msg in problems(root, **kwargs)
        if path == name and sev is E
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "TLP:AMBR",
            "marking 'TLP:AMBR' is not a TLP 2.0 label (did you mean 'TLP:AMBER'?): expected one "
            "of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED",
        ),
        ("tlp:green", "marking 'tlp:green' is not a TLP 2.0 label (did you mean 'TLP:GREEN'?)"),
        ("AMBER STRICT", "(did you mean 'TLP:AMBER+STRICT'?)"),
        ("TLP:WHITE", "marking 'TLP:WHITE' is TLP 1.0's label: TLP 2.0 calls it 'TLP:CLEAR'"),
        ("SECRET", "marking 'SECRET' is not a TLP 2.0 label: expected one of TLP:CLEAR"),
    ],
)
def test_an_unknown_label_is_an_error_on_its_line_with_a_suggestion(
    corpus_dir, write_brief, written, message
):
    write_brief("odd", marking=written)  # line 8: after '---' and the six default fields
    found = errors_of(corpus_dir, "odd.md")
    assert len(found) == 1 and found[0][0] == 8 and message in found[0][1], found
    assert "did you mean" not in found[0][1] or written != "SECRET"


def test_a_brief_with_a_wrong_label_reaches_no_audience(corpus_dir, write_brief):
    write_brief("odd", marking="TLP:REDD")
    result = check_folder(corpus_dir, today=TODAY)
    loaded = next(b for b in result.loaded if b.id == "odd")
    assert loaded.marking is None and markings.of(loaded) is Marking.RED
    assert not Audience(Marking.AMBER_STRICT).admits(loaded)


def test_an_unmarked_brief_takes_the_sites_default(corpus_dir, write_brief):
    write_brief("plain")
    write_brief("marked", marking="TLP:GREEN")
    result = check_folder(corpus_dir, today=TODAY, default_marking=Marking.AMBER)
    assert {b.id: b.marking for b in result.corpus.briefs} == {
        "plain": Marking.AMBER,
        "marked": Marking.GREEN,
    }
    assert markings.DEFAULT_MARKING is Marking.AMBER_STRICT
    plain = next(b for b in check_folder(corpus_dir, today=TODAY).corpus.briefs if b.id == "plain")
    assert plain.marking is Marking.AMBER_STRICT


def test_briefs_kept_in_memory_between_checks_take_each_checks_default(corpus_dir, write_brief):
    """What `mkdocs serve` does: one cache of loaded briefs for every rebuild, the same objects
    each time; a default changed in mkdocs.yml between two rebuilds reaches the unmarked ones."""
    from briefing.load.cache import FileCache
    from briefing.load.files import display_path

    write_brief("plain")
    write_brief("odd", marking="TLP:REDD")
    kept = FileCache(display_path(corpus_dir))

    seen: list[set[int]] = []

    def markings_of(default: Marking) -> dict:
        result = check_folder(corpus_dir, today=TODAY, default_marking=default, cache=kept)
        seen.append({id(b) for b in result.loaded})
        return {b.id: b.marking for b in result.loaded}

    assert markings_of(Marking.AMBER) == {"plain": Marking.AMBER, "odd": None}
    assert markings_of(Marking.GREEN) == {"plain": Marking.GREEN, "odd": None}
    assert seen[0] == seen[1]  # the very same briefs, not loaded again


def test_a_link_to_a_more_restrictive_brief_is_an_error_on_the_links_line(corpus_dir, write_brief):
    write_brief("secret", marking="TLP:AMBER")
    write_brief("open", marking="TLP:GREEN", body="Intro.\n\nSee [the other](secret.md).\n")
    # front matter: lines 1-8 and '---' on 9; a blank line; the body from line 11
    assert errors_of(corpus_dir, "open.md") == [
        (
            13,
            "link to 'secret.md', marked TLP:AMBER, from a brief marked TLP:GREEN: its readers "
            "could not follow it, and its words may reveal it; mark this brief TLP:AMBER or take "
            "the link out",
        )
    ]


def test_naming_a_more_restrictive_brief_under_related_is_an_error_on_its_line(
    corpus_dir, write_brief
):
    write_brief("secret", marking="TLP:AMBER+STRICT")
    write_brief("open", marking="TLP:AMBER", related=["secret"])
    assert errors_of(corpus_dir, "open.md") == [
        (
            9,
            "related brief 'secret' is marked TLP:AMBER+STRICT, more restrictive than this "
            "brief's TLP:AMBER: its readers could not follow it, and naming it may reveal it; "
            "mark this brief TLP:AMBER+STRICT or take it out of 'related'",
        )
    ]


def test_pointing_at_a_brief_as_open_or_more_open_is_fine(corpus_dir, write_brief):
    write_brief("open", marking="TLP:CLEAR")
    write_brief("same", marking="TLP:GREEN")
    write_brief(
        "closed",
        marking="TLP:GREEN",
        related=["open", "same"],
        body="See [open](open.md) and [same](same.md).\n",
    )
    assert [p for p in problems(corpus_dir) if p[2] is E] == []


def test_the_default_takes_part_in_the_link_check(corpus_dir, write_brief):
    write_brief("unmarked")
    write_brief("green", marking="TLP:GREEN", related=["unmarked"])
    assert len(errors_of(corpus_dir, "green.md")) == 1  # unmarked is TLP:AMBER+STRICT
    assert errors_of(corpus_dir, "green.md", default_marking=Marking.CLEAR) == []


def test_the_checker_reads_the_sites_default_from_mkdocs_yml(corpus_dir, write_brief, tmp_path):
    write_brief("unmarked")
    write_brief("green", marking="TLP:GREEN", related=["unmarked"])
    assert read_options(REPO / "mkdocs.yml").default_marking is Marking.AMBER_STRICT
    config = tmp_path / "site.yml"

    def check(default: str) -> subprocess.CompletedProcess:
        config.write_text(
            "site_name: x\nplugins:\n  - search\n  - briefing:\n"
            f"      briefs_dir: !ENV [BRIEFS_DIR, briefs]\n      default_marking: {default}\n",
            encoding="utf-8",
        )
        return subprocess.run(
            [sys.executable, "-m", "briefing", "check", str(corpus_dir), "--config", str(config)],
            capture_output=True,
            text=True,
        )

    assert check("TLP:CLEAR").returncode == 0
    refused = check("TLP:AMBER+STRICT")
    assert (
        refused.returncode == 1 and "green.md:9: error: related brief 'unmarked'" in refused.stdout
    )
    bad = check("TLP:AMBR")
    assert bad.returncode == 2 and "default_marking: marking 'TLP:AMBR'" in bad.stderr
    with pytest.raises(OptionsError):
        read_options(config)


def test_the_audience_filter_keeps_what_the_audience_may_read(corpus_dir, write_brief):
    for name, label in (("c", "TLP:CLEAR"), ("g", "TLP:GREEN"), ("a", "TLP:AMBER")):
        write_brief(name, marking=label)
    write_brief("s", marking="TLP:AMBER+STRICT")
    write_brief("r", marking="TLP:RED")
    corpus = check_folder(corpus_dir, today=TODAY).corpus
    kept = {
        level: sorted(b.id for b in corpus_for(corpus, hosted(level)).briefs)
        for level in markings.HOSTED
    }
    assert kept == {
        Marking.CLEAR: ["c"],
        Marking.GREEN: ["c", "g"],
        Marking.AMBER: ["a", "c", "g"],
        Marking.AMBER_STRICT: ["a", "c", "g", "s"],
    }
    with pytest.raises(AudienceError, match="TLP:RED is for named recipients"):
        hosted(Marking.RED)


def test_one_brief_alone_must_be_published_and_sound(corpus_dir, write_brief):
    write_brief("red", marking="TLP:RED")
    write_brief("draft", status="draft")
    write_brief("broken", actors=["nobody"])
    result = check_folder(corpus_dir, today=TODAY)
    audience = one_brief(result, "red")
    assert audience == Audience(Marking.RED, brief="red")
    assert [b.id for b in corpus_for(result.corpus, audience).briefs] == ["red"]
    with pytest.raises(AudienceError, match=r"no brief 'rad' \(did you mean 'red'\?\)"):
        one_brief(result, "rad")
    with pytest.raises(AudienceError, match="'draft' is a draft"):
        one_brief(result, "draft")
    with pytest.raises(AudienceError, match="'broken' has errors"):
        one_brief(result, "broken")


def test_the_editors_view_names_nothing_above_the_audience(corpus_dir, write_brief):
    event = {"date": "2025-05-09", "title": "Parade", "id": "parade"}
    write_brief("green-one", marking="TLP:GREEN", events=[event], review_by="2025-06-01")
    write_brief("amber-zq", marking="TLP:AMBER", events=[{**event, "date": "2025-05-10"}])
    write_brief("green-bad", marking="TLP:GREEN", related=["amber-zq"])
    (corpus_dir / "broken-zq.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = check_folder(corpus_dir, today=TODAY)
    view = editors_view(result, hosted(Marking.GREEN))
    shown = "\n".join(str(p) for p in view.problems)
    assert "amber-zq" not in shown and "broken-zq" not in shown
    assert "green-one.md:" in shown and "stale" in shown  # its own warning stays
    assert view.files == 2 and view.marking is Marking.GREEN
    # green-bad is left off for a reason that names the AMBER brief: listed, the reason withheld
    assert [path.split("/")[-1] for path in view.rejected] == ["green-bad.md"]
    withheld = [str(p) for p in view.problems if "green-bad.md" in p.path]
    assert withheld == [
        f"{corpus_dir}/green-bad.md:9: error: left off the site: 'briefing check' says why"
    ]
    full = editors_view(result, hosted(Marking.AMBER))
    assert "amber-zq" in "\n".join(str(p) for p in full.problems)
    assert any("green-bad.md" in path for path in full.rejected)


def test_a_file_that_is_no_brief_is_shown_to_the_audiences_its_marking_allows(corpus_dir):
    def broken(name: str, marking_line: str) -> None:
        text = f"---\ntitle: [unclosed\n{marking_line}---\n\nBody.\n"
        (corpus_dir / f"{name}.md").write_text(text, encoding="utf-8")

    broken("green-yaml", "marking: TLP:GREEN\n")
    broken("amber-yaml", "marking: 'TLP:AMBER'  # quoted, with a comment\n")
    broken("plain-yaml", "")  # no marking line: the default, TLP:AMBER+STRICT
    broken("red-yaml", "marking: TLP:RED\n")
    broken("typo-yaml", "marking: TLP:AMBR\n")  # not known: no audience
    (corpus_dir / "binary.md").write_bytes(b"---\ntitle: \xff\n---\n")  # not text: not known
    result = check_folder(corpus_dir, today=TODAY)
    assert {path.split("/")[-1]: m for path, m in result.unbuilt.items()} == {
        "green-yaml.md": Marking.GREEN,
        "amber-yaml.md": Marking.AMBER,
        "plain-yaml.md": Marking.AMBER_STRICT,
        "red-yaml.md": Marking.RED,
    }

    def named(level: Marking) -> list[str]:
        view = editors_view(result, hosted(level))
        return sorted({p.path.split("/")[-1] for p in view.problems})

    assert named(Marking.GREEN) == ["green-yaml.md"]
    assert named(Marking.AMBER) == ["amber-yaml.md", "green-yaml.md"]
    assert named(Marking.AMBER_STRICT) == ["amber-yaml.md", "green-yaml.md", "plain-yaml.md"]
    assert editors_view(result, hosted(Marking.AMBER_STRICT)).files == 3


def test_the_roll_up_of_each_page_is_the_narrowest_marking_it_holds(corpus_dir, write_brief):
    write_brief("open", marking="TLP:CLEAR", topics=["ukraine-war"], actors=["volodymyr-zelenskyy"])
    write_brief("green", marking="TLP:GREEN", topics=["victory-day"])
    write_brief(
        "amber",
        marking="TLP:AMBER",
        topics=["victory-day"],
        body="See [green](green.md).\n",
        actors=["xi-jinping", "vladimir-putin"],
    )
    corpus = check_folder(corpus_dir, today=TODAY).corpus

    def marked(level: Marking) -> dict[str, Marking]:
        return rollup.page_markings(catalog.build(corpus_for(corpus, hosted(level)), today=TODAY))

    amber, green = marked(Marking.AMBER), marked(Marking.GREEN)
    assert amber[uris.topic("victory-day")] is Marking.AMBER
    assert green[uris.topic("victory-day")] is Marking.GREEN
    assert amber[uris.topic("ukraine-war")] is Marking.CLEAR
    assert amber[uris.brief("open")] is Marking.CLEAR
    assert amber[uris.brief("green")] is Marking.AMBER  # "Referenced by" lists the AMBER brief
    assert green[uris.brief("green")] is Marking.GREEN
    assert amber[uris.actor("vladimir-putin")] is Marking.AMBER
    assert amber[uris.actor("volodymyr-zelenskyy")] is Marking.CLEAR
    assert amber[uris.actor("brics")] is Marking.CLEAR  # no brief: only the registry's words
    assert amber[uris.TIMELINE] is amber[uris.HOME] is Marking.AMBER
    assert green[uris.HOME] is Marking.GREEN


def test_the_guide_and_the_stylesheet_hold_the_labels_meanings_and_colours():
    guide = (REPO / "docs" / "writing-briefs.md").read_text(encoding="utf-8")
    block = guide.split("| `marking` | Who may read it |", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip("|").split("|") for line in block.splitlines()[2:]]
    assert {cells[0].strip(" `"): cells[1].strip() for cells in rows} == {
        m.value: text for m, text in markings.MEANING.items()
    }
    css = (REPO / "docs" / "stylesheets" / "marking.css").read_text(encoding="utf-8")
    for marking, colour in markings.COLOUR.items():
        slug = markings.slug(marking)
        assert re.search(rf"\.br-marking--{slug} \.br-marking__label \{{ color: {colour}; \}}", css)
        label = re.escape(marking.value)
        top = rf"@top-center \{{ content: \"{label}\"; color: {colour}; background: #000;"
        assert re.search(rf"@page br-{slug} \{{[^@]*{top}", css)
        assert f"body:has(.br-marking--{slug}) {{ page: br-{slug}; }}" in css
