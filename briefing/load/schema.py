"""The one validator that applies the brief and registry formats (``briefing.load.fields``).

Like MkDocs' config schemas: each field is declared once with its type, and every file is
checked against the declaration, so a missing, unknown or ill-typed field is reported the
same way wherever it appears, with the line of the offending key.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass, field

from ..markings import parse as parse_marking
from ..markings import problem as marking_problem
from ..model import Problem, Severity
from ..wording import did_you_mean, q
from .fields import DATE_PATTERN, ID_PATTERN, MAX_ITEMS, MAX_TEXT, RESERVED_IDS, Field
from .yamltext import Document, Scalar


def reserved(kind: str, value: str) -> str | None:
    """The message for an id the site reserves (``kind`` is brief, topic or actor), or None."""
    why = RESERVED_IDS[kind].get(value)
    if why is None:
        return None
    advice = "rename the file" if kind == "brief" else "choose another id"
    return f"{kind} id {q(value)} is reserved: {why}; {advice}"


@dataclass
class Validator:
    """Checks values of one document against a schema, collecting problems with their lines."""

    path: str
    doc: Document
    problems: list[Problem] = field(default_factory=list)

    def error(self, key: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.doc.line(*key), Severity.ERROR, message))

    def warning(self, key: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.doc.line(*key), Severity.WARNING, message))

    def entry(
        self, kind: str, schema: dict[str, Field], entry_id: str, value: object
    ) -> dict | None:
        """Validate one entry of a registry (``kind``: actor or topic): its id, then its fields.
        Returns the clean values, or None when the id or the mapping is refused."""
        if not ID_PATTERN.fullmatch(entry_id):
            self.error(
                (entry_id,),
                f"{kind} id {q(entry_id)} may hold only lowercase letters, digits and single "
                "hyphens",
            )
            return None
        if why := reserved(kind, entry_id):
            self.error((entry_id,), why)
            return None
        return self.record(value, schema, (entry_id,), f"{kind} {q(entry_id)}")

    def record(self, value: object, schema: dict[str, Field], key: tuple, what: str) -> dict | None:
        """Validate a mapping; returns the clean values of its valid fields, or None if not a
        mapping.
        """
        if not isinstance(value, dict):
            self.error(
                key, f"{what} must be a mapping of 'key: value' lines, not {_describe(value)}"
            )
            return None
        clean: dict[str, object] = {}
        for name, item in value.items():
            spec = schema.get(name)
            if spec is None:
                self.error(
                    (*key, name), f"unknown field {q(name)} in {what}{did_you_mean(name, schema)}"
                )
                continue
            # A field of an event, a source or a registry entry says whose it is.
            converted = self.value(item, spec, (*key, name), name, f" in {what}" if key else "")
            if converted is not None:
                clean[name] = converted
        for name, spec in schema.items():
            if spec.required and name not in value:
                self.error(key, f"missing required field '{name}' in {what}")
        return clean

    def value(
        self, value: object, spec: Field, key: tuple, name: str, where: str = ""
    ) -> object | None:
        if spec.kind in ("ids", "texts", "records"):
            return self.sequence(value, spec, key, name, where)
        if not isinstance(value, Scalar) or value.kind == "null":
            if spec.required or not (isinstance(value, Scalar) and value.kind == "null"):
                self.error(
                    key, f"'{name}'{where} must be {_expected(spec)}, not {_describe(value)}"
                )
            return None
        text = value.text.strip()
        if len(text) > MAX_TEXT:
            self.error(
                key, f"'{name}'{where} is {len(text)} characters long; the limit is {MAX_TEXT}"
            )
            return None
        if spec.kind == "text":
            if not text:
                self.error(key, f"'{name}'{where} is empty")
                return None
            return text
        if spec.kind == "date":
            return self.date(text, key, name, where)
        if spec.kind == "id":
            return self.identifier(text, key, name, where)
        if spec.kind == "url":
            return self.url(text, key, name, where)
        if spec.kind == "choice":
            return self.choice(text, spec, key, name, where)
        if spec.kind == "marking":
            marking = parse_marking(text)
            if marking is None:
                self.error(key, marking_problem(text))
            return marking
        raise AssertionError(spec.kind)  # pragma: no cover - schema declares only the kinds above

    def sequence(
        self, value: object, spec: Field, key: tuple, name: str, where: str = ""
    ) -> list | None:
        if isinstance(value, Scalar) and value.kind == "null":
            value = []
        if not isinstance(value, list):
            hint = (
                f" (write it as a list: '{name}: [{q(value.text)[1:-1]}]')"
                if isinstance(value, Scalar)
                else ""
            )
            self.error(key, f"'{name}'{where} must be a list, not {_describe(value)}{hint}")
            return None
        if len(value) < spec.min_items:
            self.error(
                key,
                f"'{name}'{where} needs at least {spec.min_items} "
                f"item{'s' if spec.min_items > 1 else ''}",
            )
            return None
        if len(value) > MAX_ITEMS:
            self.error(key, f"'{name}'{where} has {len(value)} items; the limit is {MAX_ITEMS}")
            return None
        items = []
        for index, item in enumerate(value):
            item_key = (*key, index)
            clean: object | None
            if spec.kind == "records":
                clean = self.record(item, spec.record or {}, item_key, f"{name} item {index + 1}")
            elif spec.kind == "ids":
                clean = self.value(
                    item, Field("id", required=True), item_key, f"{name} item {index + 1}", where
                )
            else:
                clean = self.value(
                    item, Field("text", required=True), item_key, f"{name} item {index + 1}", where
                )
            items.append(
                clean
            )  # None for an invalid item: positions stay aligned with the file's lines
        return items

    def date(self, text: str, key: tuple, name: str, where: str = "") -> dt.date | None:
        if DATE_PATTERN.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                self.error(key, f"'{name}'{where} is {q(text)}, {_no_such_day(text)}")
                return None
        shape = (
            "give the day alone, as YYYY-MM-DD"
            if DATE_PATTERN.match(text)
            else "expected YYYY-MM-DD"
        )
        self.error(key, f"'{name}'{where} is not a valid date: {q(text)} ({shape})")
        return None

    def identifier(self, text: str, key: tuple, name: str, where: str = "") -> str | None:
        if ID_PATTERN.fullmatch(text):
            return text
        self.error(
            key,
            f"'{name}'{where} is {q(text)}: an id may hold only lowercase letters, digits and "
            "single hyphens",
        )
        return None

    def url(self, text: str, key: tuple, name: str, where: str = "") -> str | None:
        try:
            parts = urllib.parse.urlsplit(text)
        except ValueError:  # "Invalid IPv6 URL" for a stray "[": found by the property tests
            parts = None
        if (
            parts is not None
            and parts.scheme.lower() in ("http", "https")
            and parts.netloc
            and not re.search(r"\s", text)
        ):
            return text
        self.error(key, f"'{name}'{where} must be an http:// or https:// address, not {q(text)}")
        return None

    def choice(
        self, text: str, spec: Field, key: tuple, name: str, where: str = ""
    ) -> object | None:
        for option in spec.choices:
            if str(option) == text:
                return option
        options = ", ".join(str(option) for option in spec.choices)
        what = f" ({spec.note})" if spec.note else ""
        self.error(key, f"'{name}'{where} is {q(text)}; expected one of {options}{what}")
        return None


def _no_such_day(text: str) -> str:
    """Why a date written as YYYY-MM-DD is not a day of the calendar."""
    year, month, day = (int(part) for part in text.split("-"))
    if year == 0:
        return "a day that does not exist (there is no year 0)"
    if not 1 <= month <= 12:
        return f"a day that does not exist (there is no month {month}; months go from 01 to 12)"
    if day == 0:
        return "a day that does not exist (days go from 01)"
    days = calendar.monthrange(year, month)[1]
    return f"a day that does not exist ({calendar.month_name[month]} {year} has {days} days)"


def _expected(spec: Field) -> str:
    return {"text": "text", "date": "a date (YYYY-MM-DD)", "id": "an id", "url": "a URL"}.get(
        spec.kind, "a value"
    )


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Scalar):
        return "empty" if value.kind == "null" else q(value.text)
    return "nothing"
