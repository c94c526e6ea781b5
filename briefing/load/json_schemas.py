"""JSON Schemas for editors, made from the formats' one declaration (``briefing.load.fields``).

Editors read them to validate and complete while the analyst types: the YAML extension for the
registries (their first line names the schema), a front-matter linter for the briefs. A value is
read here as editors read YAML (1.2, core schema: ``credibility: 6`` is a number, ``date:
2025-05-09`` a string), and the schema accepts exactly what the checker's ``Validator`` accepts
(``tests/test_json_schemas.py`` holds the two to every fixture). What a schema cannot see is left
to the checker: ids in other files, links, the site's likelihood scale, dates in order.

``python -m briefing.load.json_schemas DIR`` (``make schemas``) writes them into ``DIR``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .fields import (
    ACTOR,
    BRIEF,
    DATE_PATTERN,
    ID_PATTERN,
    MAX_ITEMS,
    MAX_TEXT,
    RESERVED_IDS,
    TOPIC,
    Field,
)

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft both editors' validators default to
# The checker reads any scalar as text (``title: 1984`` is a title); editors read it as a number
# or a boolean, so text accepts those too.
_TEXT_TYPES = ["string", "number", "boolean"]
# http or https (in any case), a host, no white space: the checker's ``Validator.url``.
_URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+[^\s]*$"


def _anchored(pattern: str) -> str:
    return f"^{pattern}$"


def _nullable(schema: dict, spec: Field) -> dict:
    """An optional field may be left empty (``end:``): the checker passes over it."""
    if spec.required:
        return schema
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**schema, "type": [*types, "null"]}
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    return {"anyOf": [*schema["anyOf"], {"type": "null"}]}


def _scalar(spec: Field) -> dict:
    if spec.kind == "text":
        schema: dict = {"type": list(_TEXT_TYPES), "pattern": r"\S", "maxLength": MAX_TEXT}
        if spec.examples:
            schema["examples"] = list(spec.examples)
        return schema
    if spec.kind == "date":
        return {
            "type": "string",
            "pattern": _anchored(DATE_PATTERN.pattern),
            "format": "date",
        }
    if spec.kind == "id":
        # An id of digits alone (``2025``) is a number to an editor.
        return {
            "anyOf": [
                {"type": "string", "pattern": _anchored(ID_PATTERN.pattern)},
                {"type": "integer", "minimum": 0},
            ]
        }
    if spec.kind == "url":
        return {"type": "string", "pattern": _URL}
    if spec.kind in ("choice", "marking"):
        values: list = []
        for option in spec.choices:
            values.append(option)
            if not isinstance(option, str):
                values.append(str(option))  # credibility: 6 or "6"
        return {"enum": values}
    raise AssertionError(spec.kind)  # pragma: no cover - fields declares only these kinds


def field_schema(spec: Field) -> dict:
    """The JSON Schema of one field's value."""
    if spec.kind in ("ids", "texts", "records"):
        if spec.kind == "records":
            item = record_schema(spec.record or {})
        else:
            item = _scalar(Field("id" if spec.kind == "ids" else "text", required=True))
        schema: dict = {"type": "array", "items": item, "maxItems": MAX_ITEMS}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        else:
            schema["type"] = ["array", "null"]  # ``events:`` left empty is no events
    else:
        schema = _nullable(_scalar(spec), spec)
    if spec.about:
        schema = {"description": spec.about, **schema}
    return schema


def record_schema(fields: dict[str, Field]) -> dict:
    """A mapping of the declared fields, no others."""
    schema: dict = {
        "type": "object",
        "properties": {name: field_schema(spec) for name, spec in fields.items()},
        "additionalProperties": False,
    }
    required = [name for name, spec in fields.items() if spec.required]
    if required:
        schema["required"] = required
    return schema


def _registry(kind: str, fields: dict[str, Field], title: str, description: str) -> dict:
    return {
        "$schema": DRAFT,
        "$id": f"{kind}s.schema.json",
        "title": title,
        "description": description,
        "type": "object",
        "propertyNames": {
            "pattern": _anchored(ID_PATTERN.pattern),
            "not": {"enum": sorted(RESERVED_IDS[kind])},
        },
        "additionalProperties": {
            "description": f"The {kind}'s fields.",
            **record_schema(fields),
        },
    }


def schemas() -> dict[str, dict]:
    """Each schema by its file name under ``docs/schemas/``."""
    brief = {
        "$schema": DRAFT,
        "$id": "brief-front-matter.schema.json",
        "title": "Briefing Room: a brief's front matter",
        "description": "The YAML between the '---' lines at the top of a brief (briefs/**/*.md).",
        **record_schema(BRIEF),
    }
    return {
        "brief-front-matter.schema.json": brief,
        "actors.schema.json": _registry(
            "actor",
            ACTOR,
            "Briefing Room: actors.yml",
            "The actors briefs name: each actor id (lowercase letters, digits and single "
            "hyphens) maps to its fields.",
        ),
        "topics.schema.json": _registry(
            "topic",
            TOPIC,
            "Briefing Room: topics.yml",
            "The topics briefs name: each topic id (lowercase letters, digits and single "
            "hyphens) maps to its title and description.",
        ),
    }


def render(schema: dict) -> str:
    """A schema as its file holds it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schemas")):
        print(written_path)
