"""Property-based tests (hypothesis) of the loader and checker on hostile input.

Random bytes, random YAML, and random mutations of valid briefs (lines deleted, duplicated or
swapped, values of the wrong type, odd Unicode, huge values) are written as files into a real
briefs folder and checked. Whatever the input:

- no exception escapes ``check_folder``;
- every file is either loaded or rejected, never both, never lost: loaded + rejected == files;
- every rejected file is named in at least one error, at a line inside the file;
- every problem is one line of text, in every report format.

Example counts are kept modest so the suite stays fast; ``--hypothesis-show-statistics``
prints how many ran.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import yaml
from conftest import REPO, TODAY, brief_text
from helpers import BAD, SUPPORT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.check.folder import check_folder
from briefing.cli.report import FORMATS
from briefing.model import Severity

# BRIEFING_EXAMPLES=2000 for a longer hunt; the suite's own counts keep it to seconds.
SCALE = int(os.environ.get("BRIEFING_EXAMPLES", "200"))
FAST = settings(max_examples=SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOWER = settings(
    max_examples=max(1, SCALE * 3 // 10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VALID_BRIEFS = {
    path.name: path.read_bytes()
    for path in [*SUPPORT.glob("*.md"), *sorted((REPO / "briefs").rglob("*.md"))[:4]]
}
BAD_BRIEFS = {path.name: path.read_bytes() for path in sorted(BAD.glob("*.md"))}


@contextmanager
def briefs_folder(files: dict[str, bytes]):
    """A briefs folder with the real registries and ``files`` (name -> bytes); the cache is off."""
    with (
        tempfile.TemporaryDirectory(prefix="briefing-prop-") as temp,
        mock.patch.dict(os.environ, {"BRIEFING_CACHE": "0"}),
    ):
        root = Path(temp) / "briefs"
        root.mkdir()
        for name in ("actors.yml", "topics.yml"):
            shutil.copyfile(REPO / "briefs" / name, root / name)
        for name, data in files.items():
            (root / name).write_bytes(data)
        yield root


def check_invariants(files: dict[str, bytes]) -> None:
    with briefs_folder(files) as root:
        result = check_folder(root, today=TODAY)
        by_name = {Path(name).name: data for name, data in files.items()}
        loaded = [Path(b.path).name for b in result.corpus.briefs]
        rejected = [Path(p).name for p in result.corpus.rejected]
        # Nothing lost, nothing twice.
        assert result.files == len(files)
        assert sorted(loaded + rejected) == sorted(by_name)
        errors = {Path(p.path).name for p in result.problems if p.severity is Severity.ERROR}
        assert set(rejected) <= errors, "a rejected file must be named in an error"
        assert not set(loaded) & errors, "a file with an error must not be loaded"
        for problem in result.problems:
            name = Path(problem.path).name
            assert name in by_name or name in ("actors.yml", "topics.yml"), problem
            if name in by_name:
                lines = by_name[name].count(b"\n") + 1
                assert 1 <= problem.line <= lines, f"{problem} (the file has {lines} lines)"
            assert (
                problem.message and "\n" not in problem.message and "\r" not in problem.message
            ), repr(problem.message)
            assert len(problem.message) < 1_000, f"message of {len(problem.message)} characters"
        for render in FORMATS.values():
            render(result.problems)
        assert len(FORMATS["text"](result.problems).splitlines()) == len(result.problems)
        assert len(FORMATS["github"](result.problems).splitlines()) == len(result.problems)


def test_values_echoed_in_messages_stay_on_one_line(corpus_dir):
    """Found by the random YAML test: a key holding U+001E (a line break to splitlines) split the
    report.
    """
    (corpus_dir / "echo.md").write_text(
        '---\n"\\x1e": 1\ntitle: a\ntitle: b\u2028c\ndate: "2025\\n01"\n---\n', encoding="utf-8"
    )
    result = check_folder(corpus_dir, today=TODAY)
    assert [p.message for p in result.problems] == [
        "an invisible U+2028 (LINE SEPARATOR, which YAML reads as a line break) is not allowed in "
        "front matter: delete it (it often comes with pasted text)"
    ]
    (corpus_dir / "echo.md").write_text(
        '---\n"\\x1e\\u2028": 1\ndate: "' + "9" * 100 + '\\n"\n---\n', encoding="utf-8"
    )
    messages = [p.message for p in check_folder(corpus_dir, today=TODAY).problems]
    assert "unknown field '\\x1e\\u2028' in front matter" in messages
    assert "'date' is not a valid date: '" + "9" * 59 + "…' (expected YYYY-MM-DD)" in messages
    assert all(len(m.splitlines()) == 1 for m in messages)


def test_url_that_urllib_refuses_is_reported_not_raised(corpus_dir):
    """Found by a mutation (a run of "[" inside a source's url): urlsplit raised ValueError."""
    (corpus_dir / "url.md").write_text(
        brief_text(sources=[{"title": "T", "publisher": "P", "url": "https://[[x/"}]),
        encoding="utf-8",
    )
    result = check_folder(corpus_dir, today=TODAY)
    assert [(p.line, p.message) for p in result.problems] == [
        (7, "'url' in sources item 1 must be an http:// or https:// address, not 'https://[[x/'")
    ]


# --- Random bytes and random text ----------------------------------------------------------


@FAST
@given(st.binary(max_size=4_000))
def test_random_bytes(data):
    check_invariants({"random.md": data, **dict(list(VALID_BRIEFS.items())[:1])})


@FAST
@given(st.text(max_size=2_000))
def test_random_text_after_a_front_matter_fence(text):
    check_invariants({"random.md": ("---\n" + text).encode("utf-8", "surrogatepass")})


# --- Random YAML ---------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "2025-05-07",
            "2025-02-30",
            "xi-jinping",
            "B",
            "2",
            "high",
            "https://e.org/",
            "javascript:alert(1)",
            "~",
            "",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=30,
)
FIELDS = [
    "title",
    "summary",
    "date",
    "updated",
    "status",
    "topics",
    "actors",
    "events",
    "sources",
    "judgments",
    "related",
    "review_by",
]
front_matters = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), values, max_size=14)


@FAST
@given(front_matters, st.sampled_from(["json", "yaml", "yaml-flow"]), st.text(max_size=200))
def test_random_yaml_front_matter(front, style, body):
    if style == "json":
        text = json.dumps(front, ensure_ascii=False, allow_nan=True)
    else:
        text = yaml.safe_dump(front, allow_unicode=True, default_flow_style=style == "yaml-flow")
    data = ("---\n" + text + "\n---\n" + body).encode("utf-8", "surrogatepass")
    check_invariants(
        {"random.md": data, "xi-visits-moscow.md": VALID_BRIEFS["xi-visits-moscow.md"]}
    )


@FAST
@given(
    st.lists(
        st.sampled_from(
            [*list("&*!|>'\"%@`{}[]-?:,#\n\t ~<="), "a", "1", "key: ", "- ", "  ", "title: "]
        ),
        max_size=120,
    )
)
def test_yaml_punctuation_soup(pieces):
    check_invariants({"soup.md": ("---\n" + "".join(pieces) + "\n---\n").encode()})


# --- Mutations of valid briefs ---------------------------------------------------------------

ODD = [
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u0000",
    "\u0085",
    "\u2028",
    "\ud800",
    "\U0001f600",
    "e\u0301",
    "\x1b[31m",
    "\r",
    "\t",
    "İ",
    "ß",
]
HUGE = ["x" * 20_000, "[" * 5_000, "`" * 5_000, "- a\n" * 3_000, "a: b\n" * 3_000, "](" * 10_000]


def mutate(data: bytes, draw) -> bytes:
    lines = data.decode("utf-8", "surrogateescape").split("\n")
    kind = draw(
        st.sampled_from(
            ["delete", "duplicate", "swap", "type", "odd", "huge", "truncate", "indent", "replace"]
        )
    )
    at = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == "type" and ":" in lines[at]:
        key = lines[at].split(":", 1)[0]
        lines[at] = (
            key
            + ": "
            + draw(
                st.sampled_from(
                    [
                        "[a, b]",
                        "{a: 1}",
                        "",
                        "~",
                        "1984",
                        "true",
                        "- x",
                        "|",
                        ">-",
                        "'unclosed",
                        '"\\x"',
                        "*alias",
                        "&anchor x",
                        "!!python/object:os.system x",
                        "<<: {a: 1}",
                    ]
                )
            )
        )
    elif kind == "odd":
        char = draw(st.sampled_from(ODD))
        column = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:column] + char + lines[at][column:]
    elif kind == "huge":
        column = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:column] + draw(st.sampled_from(HUGE)) + lines[at][column:]
    elif kind == "truncate":
        lines = lines[:at]
    elif kind == "indent":
        lines[at] = draw(st.sampled_from(["  ", "\t", "    ", "-"])) + lines[at]
    else:
        lines[at] = draw(st.text(max_size=30))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@st.composite
def mutated_corpora(draw):
    names = draw(
        st.lists(
            st.sampled_from(sorted(VALID_BRIEFS) + sorted(BAD_BRIEFS)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    files = {}
    for name in names:
        data = VALID_BRIEFS.get(name) or BAD_BRIEFS[name]
        for _ in range(draw(st.integers(0, 3))):
            data = mutate(data, draw)
        files[name] = data
    return files


@SLOWER
@given(mutated_corpora())
def test_mutated_briefs(files):
    check_invariants(files)


@FAST
@given(st.sampled_from(sorted(VALID_BRIEFS)), st.data())
def test_one_mutation_of_a_valid_brief(name, data):
    check_invariants({name: mutate(VALID_BRIEFS[name], data.draw)})


# --- Links: what the checker knows is what the page links ------------------------------------

import re  # noqa: E402  (kept beside the tests it serves)

# Targets that pass the check, with the address each must have on the page of briefs/main.md.
TARGETS = {
    "other.md": "../other/",
    "other.md#what": "../other/#what",
    "2025/deep.md": "../deep/",
    "./2025/deep.md#why-it-matters": "../deep/#why-it-matters",
    "https://example.org/a?b=1": "https://example.org/a?b=1",
    "#local-heading": "#local-heading",
}
WORDS = st.sampled_from(["alpha", "beta gamma", "the [big] parade", "delta*", "`code`"])


@st.composite
def linked_bodies(draw):
    """A body of link shapes in many places, and the targets of the links it really holds, in
    order.
    """
    parts, expected, definitions = [], [], []
    for number in range(draw(st.integers(1, 6))):
        target = draw(st.sampled_from(sorted(TARGETS)))
        words = draw(WORDS)
        shape = draw(
            st.sampled_from(
                ["inline", "angle", "title", "reference", "collapsed", "shortcut", "auto"]
            )
        )
        if shape == "auto":
            target = "https://example.org/a?b=1"
            link = f"<{target}>"
        elif shape == "inline":
            link = f"[{words}]({target})"
        elif shape == "angle":
            link = f"[{words}](<{target}>)"
        elif shape == "title":
            link = f'[{words}]({target} "a title")'
        else:
            label = f"ref{number}"
            link = {
                "reference": f"[{words}][{label}]",
                "collapsed": f"[{label}][]",
                "shortcut": f"[{label}]",
            }[shape]
            definitions.append(f"[{label}]: {target}")
        place = draw(
            st.sampled_from(
                ["paragraph", "list", "nested-list", "table", "quote", "code", "fence", "escaped"]
            )
        )
        if place == "code":
            parts.append(f"Text `{link}` text.")
            continue
        if place == "fence":
            parts.append(f"```\n{link}\n```")
            continue
        if place == "escaped":
            # Every "[" and "<" escaped: no link, no autolink, no reference (its definition goes).
            parts.append("Text " + link.replace("[", "\\[").replace("<", "\\<"))
            if shape in ("reference", "collapsed", "shortcut"):
                definitions.pop()
            continue
        expected.append(target)
        parts.append(
            {
                "paragraph": f"Text {link} text.",
                "list": f"- item {link}",
                "nested-list": f"- outer\n  - inner {link}",
                "table": f"| a | b |\n|---|---|\n| x | {link} |",
                "quote": f"> quoted {link}",
            }[place]
        )
    body = "## Local heading\n\n" + "\n\n".join(parts) + "\n\n" + "\n".join(definitions) + "\n"
    return body, expected


def _corpus_with(root: Path, body: str) -> None:
    for name in ("actors.yml", "topics.yml"):
        shutil.copy(REPO / "briefs" / name, root / name)
    (root / "2025").mkdir()
    (root / "main.md").write_text(brief_text(title="Main", body=body), encoding="utf-8")
    (root / "other.md").write_text(
        brief_text(title="Other", body="## What\n\nText.\n"), encoding="utf-8"
    )
    (root / "2025" / "deep.md").write_text(
        brief_text(title="Deep", body="## Why it matters\n\nText.\n"), encoding="utf-8"
    )


@settings(
    max_examples=max(1, SCALE // 2), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(linked_bodies())
def test_the_links_the_checker_knows_are_the_links_the_page_has(case):
    from sitecheck import PageParser

    from briefing import catalog as catalog_module
    from briefing.site import uris
    from briefing.site.body import body_html
    from briefing.site.html import Links

    body, expected = case
    with tempfile.TemporaryDirectory(prefix="briefing-links-") as temp:
        root = Path(temp)
        _corpus_with(root, body)
        result = check_folder(root, today=TODAY)
        assert [p for p in result.problems if p.severity is Severity.ERROR] == [], body
        catalog = catalog_module.build(result.corpus, today=TODAY)
        main = catalog.by_id["main"]
        assert [link.target for link in main.body.links] == expected, body
        parsed = PageParser()
        parsed.feed(body_html(main, catalog, Links(), uris.brief("main")))
    hrefs = [
        url
        for tag, url in parsed.links
        if (tag == "a" and url != "#local-heading") or (tag == "a" and url == "#local-heading")
    ]
    hrefs = [url for url in hrefs if not url.startswith("../../actors/")]
    headerlinks = ["#local-heading"]  # the heading's own permalink comes first
    assert hrefs == headerlinks + [TARGETS[target] for target in expected], body
    assert not any(url.endswith(".md") or ".md#" in url for url in hrefs)


# --- Bodies the loader accepts convert, quickly, to safe HTML ---------------------------------

MARKDOWN_PIECES = [
    "*",
    "**",
    "_",
    "~~",
    "~",
    "`",
    "```\n",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "<",
    ">",
    "&",
    "&#1;",
    "\\",
    "#",
    "- ",
    "1. ",
    "> ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "|",
    "|-|",
    ":   ",
    "*[A]: x\n",
    "!!! note\n",
    "??? note\n",
    "{: ",
    "}",
    "=",
    '"',
    "javascript:",
    "data:",
    "http://e.org",
    "onclick=",
    "a",
    "word ",
    "<script>",
    "<img src=x onerror=y>",
]


@settings(
    max_examples=max(1, SCALE // 2),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(MARKDOWN_PIECES), st.sampled_from([1, 1, 1, 2, 3, 10, 60, 200])),
        max_size=60,
    )
)
def test_accepted_bodies_render_in_bounded_time_to_safe_html(pieces):
    import time

    from sitecheck import PageParser

    from briefing import catalog as catalog_module
    from briefing.load.brief import brief_from_text
    from briefing.model import Corpus
    from briefing.site import uris
    from briefing.site.body import body_html
    from briefing.site.html import Links

    body = "".join(piece * count for piece, count in pieces)
    loaded = brief_from_text(brief_text(body=body), "x.md", "x")
    if loaded.failed:
        return  # refused at load, with its line (tests/test_limits.py)
    corpus = Corpus("briefs", [loaded.value], REGISTRIES.actors, REGISTRIES.topics)
    catalog = catalog_module.build(corpus, today=TODAY)
    start = time.perf_counter()
    markup = body_html(loaded.value, catalog, Links(), uris.brief("x"))
    assert time.perf_counter() - start < 120  # bounds a hang, not a speed
    parsed = PageParser()
    parsed.feed(markup)
    assert not [
        a
        for a in parsed.attributes
        if a[1].startswith("on") or (a[1] == "style" and "text-align" not in a[2])
    ]
    assert all(re.match(r"(https?:|mailto:|#|\.\./)", url) for _, url in parsed.links), parsed.links
    assert not {"script", "iframe", "img", "svg", "object"} & set(parsed.tags)


REGISTRIES = check_folder(REPO / "briefs", today=TODAY).corpus
