"""The JSON Schemas editors read (``docs/schemas/``) are the ones the formats' declaration makes,
and they agree with the checker on every fixture.

What "agree" means, mechanically: a *schema-level* problem is one that ``briefing.load.schema``'s
``Validator`` reports on a document (a front matter, a registry entry): a field's shape, type,
choices, length, a required or unknown field, an entry's id. For every document the checker's
YAML reader accepts, read as editors read YAML (1.2, core schema), the JSON Schema accepts it
exactly when the Validator reports no error; and each of the Validator's problems is among what
the checker reports for that file. So where the checker reports a schema-level problem the schema
rejects, and where the schema rejects the checker reports a problem.

Out of a schema's reach, and the checker's alone: files the YAML reader refuses (syntax errors,
duplicate keys, anchors, tabs, nesting: the checker must report an error, and there is no JSON to
validate), and what needs more than one document's shape (ids of other files, links, the
likelihood scale of the site, dates in order, placeholders, the body).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from briefing.load import json_schemas
from briefing.load.brief import load_brief
from briefing.load.fields import ACTOR, BRIEF, TOPIC
from briefing.load.files import display_path, read_text
from briefing.load.frontmatter import FrontMatterError, split
from briefing.load.registries import load_actors, load_topics
from briefing.load.schema import Validator
from briefing.load.yamltext import Document, Scalar, YamlError, parse
from briefing.model import Problem, Severity

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "docs" / "schemas"
TESTS = REPO / "tests"

BRIEF_FIXTURES = sorted(
    p
    for root in (TESTS, REPO / "briefs")
    for p in root.rglob("*.md")
    if "vendor" not in p.relative_to(REPO).parts
)
REGISTRY_FIXTURES = sorted(
    [
        *TESTS.rglob("*actors.yml"),
        *TESTS.rglob("*topics.yml"),
        REPO / "briefs" / "actors.yml",
        REPO / "briefs" / "topics.yml",
    ]
)

# YAML 1.2's core schema, as the YAML extension and the front-matter linter read a plain scalar.
_CORE = [
    (re.compile(r"null|Null|NULL|~|"), lambda text: None),
    (re.compile(r"true|True|TRUE"), lambda text: True),
    (re.compile(r"false|False|FALSE"), lambda text: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda text: int(text[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda text: int(text[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
]


def as_editors_read(value: object) -> object:
    """A document's value as JSON, the way an editor's YAML 1.2 reader types each scalar."""
    if isinstance(value, dict):
        return {key: as_editors_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editors_read(item) for item in value]
    if value is None:  # an empty document
        return None
    assert isinstance(value, Scalar)
    if not value.quoted:
        for pattern, make in _CORE:
            if pattern.fullmatch(value.text):
                return make(value.text)
    return value.text


def schema_errors(name: str, instance: object) -> list[str]:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(instance)]


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def _document(path: Path, *, front_matter: bool) -> tuple[str, Document | None]:
    """The file's document as the checker's YAML reader gives it, or None when it refuses it."""
    shown = display_path(path)
    text, _ = read_text(path, shown)
    if text is None:
        return shown, None
    first_line = 1
    if front_matter:
        try:
            parts = split(text)
        except FrontMatterError:
            return shown, None
        text, first_line = parts.yaml_text, parts.yaml_line
    try:
        return shown, parse(text, first_line=first_line)
    except YamlError:
        return shown, None


# --- the files are the generator's --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(json_schemas.schemas()))
def test_committed_schema_is_what_the_declaration_makes_now(name):
    committed = (SCHEMAS / name).read_text(encoding="utf-8")
    assert committed == json_schemas.render(json_schemas.schemas()[name]), (
        f"docs/schemas/{name} is out of date: run `make schemas`"
    )


@pytest.mark.parametrize("name", sorted(json_schemas.schemas()))
def test_schema_is_a_valid_draft_7_schema(name):
    jsonschema.Draft7Validator.check_schema(json_schemas.schemas()[name])


def test_every_field_of_the_declaration_has_a_description_in_the_schema():
    front = json_schemas.schemas()["brief-front-matter.schema.json"]
    assert set(front["properties"]) == set(BRIEF)
    sources = front["properties"]["sources"]["items"]["properties"]
    assert all(
        spec.get("description") for spec in [*front["properties"].values(), *sources.values()]
    )
    assert "B: Usually reliable" in sources["reliability"]["description"]
    judgment = front["properties"]["judgments"]["items"]["properties"]
    assert {"very likely", "realistic possibility"} <= set(judgment["likelihood"]["examples"])


# --- the schemas and the checker agree ----------------------------------------------------------


def test_the_fixtures_cover_good_and_bad_documents():
    assert len(BRIEF_FIXTURES) > 80 and len(REGISTRY_FIXTURES) >= 15


@pytest.mark.parametrize("path", BRIEF_FIXTURES, ids=lambda p: str(p.relative_to(REPO)))
def test_front_matter_schema_agrees_with_the_checker(path):
    checker = load_brief(path).problems
    shown, doc = _document(path, front_matter=True)
    if doc is None:  # refused before any field is read: the checker says why
        assert errors(checker), f"{shown}: not YAML the checker reads, yet no error"
        return
    if doc.value is None:  # no document between the fences: the loader refuses it on line 1
        assert schema_errors("brief-front-matter.schema.json", None) and errors(checker)
        return
    check = Validator(shown, doc)
    check.record(doc.value, BRIEF, (), "front matter")
    schema_level = errors(check.problems)
    assert set(schema_level) <= set(checker)
    rejected = schema_errors("brief-front-matter.schema.json", as_editors_read(doc.value))
    assert bool(rejected) == bool(schema_level), (
        f"{shown}: the checker's schema-level errors {[p.message for p in schema_level]} "
        f"but the JSON Schema's {rejected}"
    )
    assert not rejected or errors(checker)


@pytest.mark.parametrize("path", REGISTRY_FIXTURES, ids=lambda p: str(p.relative_to(REPO)))
def test_registry_schema_agrees_with_the_checker(path):
    kind, spec, load = (
        ("actor", ACTOR, load_actors)
        if path.name.endswith("actors.yml")
        else ("topic", TOPIC, load_topics)
    )
    checker = load(path).problems
    shown, doc = _document(path, front_matter=False)
    if doc is None:
        assert errors(checker), f"{shown}: not YAML the checker reads, yet no error"
        return
    rejected = schema_errors(f"{kind}s.schema.json", as_editors_read(doc.value))
    if not isinstance(doc.value, dict):  # not a mapping of ids at all: both refuse it whole
        assert rejected and errors(checker)
        return
    check = Validator(shown, doc)
    for entry_id, values in doc.value.items():
        check.entry(kind, spec, entry_id, values)
    schema_level = errors(check.problems)
    assert set(schema_level) <= set(checker)
    assert bool(rejected) == bool(schema_level), (
        f"{shown}: the checker's schema-level errors {[p.message for p in schema_level]} "
        f"but the JSON Schema's {rejected}"
    )


@pytest.mark.parametrize(
    "name,rejected",
    [
        ("good.actors.yml", False),
        ("good.topics.yml", False),
        ("bad-kind.actors.yml", True),
        ("reserved-id.topics.yml", True),
    ],
)
def test_registry_fixtures_are_read_as_named(name, rejected):
    path = TESTS / "registries" / name
    load = load_actors if name.endswith("actors.yml") else load_topics
    assert bool(errors(load(path).problems)) is rejected


# --- the registries name their schema -----------------------------------------------------------

_SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")


@pytest.mark.parametrize("name", ["actors.yml", "topics.yml"])
def test_each_registry_names_its_schema_on_its_first_line(name):
    path = REPO / "briefs" / name
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    named = _SCHEMA_LINE.fullmatch(first)
    assert named, f"briefs/{name} starts with {first!r}"
    assert (path.parent / named.group(1)).resolve() == SCHEMAS / name.replace(
        ".yml", ".schema.json"
    )


def test_the_checker_accepts_the_registries_with_their_schema_line():
    for load, name in ((load_actors, "actors.yml"), (load_topics, "topics.yml")):
        registry = load(REPO / "briefs" / name)
        assert registry.problems == [] and len(registry.entries) >= 3


@pytest.mark.parametrize("name,field", [("actors.yml", "kind"), ("topics.yml", "title")])
def test_lines_in_errors_count_the_schema_line(tmp_path, name, field):
    text = (REPO / "briefs" / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(f"  {field}:")) + 1
    lines[number - 1] = f"  {field}: [not, text]"
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    load = load_actors if name == "actors.yml" else load_topics
    assert [p.line for p in load(path).problems] == [number]
    assert lines[0].startswith("# yaml-language-server:")  # the line is counted, as line 1
