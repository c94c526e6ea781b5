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

from briefing.body.links import code_spans, find_links
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
    """Found by the random YAML test: a key holding U+001E (a line break to splitlines) split the report."""
    (corpus_dir / "echo.md").write_text(
        '---\n"\\x1e": 1\ntitle: a\ntitle: b\u2028c\ndate: "2025\\n01"\n---\n', encoding="utf-8"
    )
    result = check_folder(corpus_dir, today=TODAY)
    assert [p.message for p in result.problems] == ["duplicate key 'title'"]
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
        (7, "'url' must be an http:// or https:// address, not 'https://[[x/'")
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
            list("&*!|>'\"%@`{}[]-?:,#\n\t ~<=") + ["a", "1", "key: ", "- ", "  ", "title: "]
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


# --- The link finder: the fast one finds what a plain regex finds ---------------------------

import re  # noqa: E402  (kept beside the oracle it serves)

_ORACLE_TARGET = re.compile(r"(?P<target><[^>\n]*>|[^)\s]+)(?P<title>\s+\"[^\"\n]*\")?\)")


def oracle_links(body: str) -> list[tuple[int, int, str, str]]:
    """The link finder as it was before it was made linear (a backreference regex and backward scans)."""
    spans = code_spans(body)  # code spans are tested on their own (tests/test_limits.py)
    out = []
    close = body.find("](")
    while close != -1:
        start = body.rfind("[", body.rfind("\n", 0, close) + 1, close)
        target = _ORACLE_TARGET.match(body, close + 2) if start != -1 else None
        if (
            target is not None
            and "]" not in body[start + 1 : close]
            and not (start and body[start - 1] == "!")
        ):
            if not any(s <= start < e for s, e in spans):
                out.append(
                    (
                        start,
                        target.end(),
                        body[start + 1 : close],
                        target.group("target").strip("<>"),
                    )
                )
        close = body.find("](", close + 2)
    return out


@settings(max_examples=SCALE * 3 // 2, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('[]()<>!`" \nab.md#')), max_size=80))
def test_fast_link_finder_agrees_with_the_plain_regex(body):
    assert [(l.start, l.end, l.text, l.target) for l in find_links(body)] == oracle_links(body)


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
def test_accepted_bodies_convert_quickly_to_safe_html(pieces):
    import markdown
    from helpers import finishes
    from sitecheck import PageParser

    from briefing.body import limits as body_limits
    from briefing.site.sanitise import clean_html, escape_raw_html, safe_url

    body = "".join(piece * count for piece, count in pieces)
    if list(body_limits.problems(body)):
        return  # refused at load, with its line (tests/test_limits.py)
    converted = finishes(
        markdown.Markdown(
            extensions=[
                "abbr",
                "admonition",
                "attr_list",
                "def_list",
                "tables",
                "toc",
                "pymdownx.details",
                "pymdownx.superfences",
                "pymdownx.tilde",
            ]
        ).convert,
        escape_raw_html(body),
    )  # bounded: a hang fails, slowness never does
    parsed = PageParser()
    parsed.feed(clean_html(converted))
    assert not [a for a in parsed.attributes if a[1].startswith("on")]
    assert all(safe_url(url) for _, url in parsed.links)
    assert "script" not in parsed.tags and "iframe" not in parsed.tags
