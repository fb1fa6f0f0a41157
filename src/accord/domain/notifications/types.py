"""Confidence-building notification types: a schema per type, and the check of a submission.

Types are data. A schema is a small JSON document (so that a region can add its own types
without code changes, and so that a form can be drawn from it):

    {"fields": [{"name": "starts_on", "kind": "date", "label": "First day", "required": true},
                ...],
     "order": [["starts_on", "ends_on"]],     # pairs that must not be reversed
     "subject": "exercise_name",              # the field that names the notification
     "calendar": {"start": "starts_on", "end": "ends_on"}}   # for the iCalendar export

Field kinds: `text`, `longtext`, `integer`, `date`, `datetime`, `choice` (with `choices`),
`point` ({"lat", "lon"}), `area` (a list of points: a polygon or a route) and `forces`
(a count per category named in `categories`). This module imports no Django: the rules of
what a valid notice is belong to the domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from accord.domain.errors import InvalidInput
from accord.domain.text import LINE_CONTROL, PROSE_CONTROL, normalise_newlines

KINDS = frozenset(
    {"text", "longtext", "integer", "date", "datetime", "choice", "point", "area", "forces"}
)
TEXT_LIMIT = 300
LONGTEXT_LIMIT = 20_000
AREA_POINTS_LIMIT = 200


class ContentInvalid(InvalidInput):
    """A submission does not fit its type's schema; `errors` maps each field to its problem."""

    def __init__(self, type_key: str, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        listed = "; ".join(f"{name}: {problem}" for name, problem in self.errors.items())
        super().__init__(f"The {type_key} notification is not valid: {listed}")


class SchemaInvalid(InvalidInput):
    """A notification type's own schema is malformed (a region adding a type made a slip)."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    label: str
    required: bool = True
    help: str = ""
    choices: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class TypeSchema:
    fields: tuple[FieldSpec, ...]
    order: tuple[tuple[str, str], ...] = ()
    subject: str | None = None
    calendar: tuple[str, str] | None = None
    names: frozenset[str] = field(default_factory=frozenset)

    def field_named(self, name: str) -> FieldSpec:
        return next(spec for spec in self.fields if spec.name == name)


def parse_schema(raw: Any) -> TypeSchema:
    """Read a schema document, refusing one the platform could not validate or render."""
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), list) or not raw["fields"]:
        raise SchemaInvalid("schema: a JSON object with a non-empty list 'fields'")
    specs: list[FieldSpec] = []
    seen: set[str] = set()
    for position, item in enumerate(raw["fields"]):
        spec = _field_spec(item, f"schema.fields[{position}]", seen)
        seen.add(spec.name)
        specs.append(spec)
    by_name = {spec.name: spec for spec in specs}
    order: list[tuple[str, str]] = []
    for pair in raw.get("order") or ():
        if (
            not isinstance(pair, list | tuple)
            or len(pair) != 2
            or any(p not in by_name or by_name[p].kind not in ("date", "datetime") for p in pair)
            or by_name[pair[0]].kind != by_name[pair[1]].kind
        ):
            raise SchemaInvalid(f"schema.order: {pair!r} is not a pair of date fields of one kind")
        order.append((str(pair[0]), str(pair[1])))
    subject = raw.get("subject")
    if subject is not None and (subject not in by_name or by_name[subject].kind != "text"):
        raise SchemaInvalid("schema.subject: the name of a text field")
    calendar = raw.get("calendar")
    span: tuple[str, str] | None = None
    if calendar is not None:
        if not isinstance(calendar, dict) or any(
            calendar.get(end) not in by_name
            or by_name[calendar[end]].kind not in ("date", "datetime")
            for end in ("start", "end")
        ):
            raise SchemaInvalid("schema.calendar: {'start': date field, 'end': date field}")
        span = (str(calendar["start"]), str(calendar["end"]))
    return TypeSchema(
        fields=tuple(specs),
        order=tuple(order),
        subject=subject,
        calendar=span,
        names=frozenset(by_name),
    )


def _field_spec(item: Any, where: str, seen: set[str]) -> FieldSpec:
    """One field of a schema; SchemaInvalid naming `where` unless it is well formed and new."""
    if not isinstance(item, dict):
        raise SchemaInvalid(f"{where}: an object")
    name, kind = item.get("name"), item.get("kind")
    if not isinstance(name, str) or not name.isidentifier():
        raise SchemaInvalid(f"{where}.name: an identifier")
    if name in seen:
        raise SchemaInvalid(f"{where}.name: {name!r} appears twice")
    if kind not in KINDS:
        raise SchemaInvalid(f"{where}.kind: one of {', '.join(sorted(KINDS))}")
    choices = tuple(str(c) for c in item.get("choices") or ())
    categories = tuple(str(c) for c in item.get("categories") or ())
    if kind == "choice" and not choices:
        raise SchemaInvalid(f"{where}.choices: a choice field needs its choices")
    if kind == "forces" and not categories:
        raise SchemaInvalid(f"{where}.categories: a forces field needs its categories")
    return FieldSpec(
        name=name,
        kind=str(kind),
        label=str(item.get("label") or name),
        required=bool(item.get("required", True)),
        help=str(item.get("help") or ""),
        choices=choices,
        categories=categories,
        minimum=item.get("minimum"),
        maximum=item.get("maximum"),
    )


def validate_content(type_key: str, schema: TypeSchema, data: Any) -> dict[str, Any]:
    """The submission cleaned to plain JSON values, or `ContentInvalid` naming every bad field.

    Every problem is reported at once, so that a form shows them all on the first try.
    """
    if not isinstance(data, dict):
        raise ContentInvalid(type_key, {"content": "an object with the type's fields"})
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name in sorted(set(data) - schema.names):
        errors[name] = f"not a field of {type_key}"
    for spec in schema.fields:
        value = data.get(spec.name)
        if _is_blank(value):
            if spec.required:
                errors[spec.name] = "required"
            continue
        try:
            cleaned[spec.name] = _clean(spec, value)
        except _FieldError as problem:
            errors[problem.path or spec.name] = problem.message
    for first, second in schema.order:
        if first in cleaned and second in cleaned:
            kind = schema.field_named(first).kind
            if _moment(kind, cleaned[second]) < _moment(kind, cleaned[first]):
                errors[second] = (
                    f"{cleaned[second]} is before {first} ({cleaned[first]}): dates reversed"
                )
    if errors:
        raise ContentInvalid(type_key, errors)
    return cleaned


def subject_of(schema: TypeSchema, content: dict[str, Any], fallback: str) -> str:
    """The line that names a notification in lists: its subject field, else the type title."""
    if schema.subject and content.get(schema.subject):
        return str(content[schema.subject])[:TEXT_LIMIT]
    return fallback


def calendar_span(
    schema: TypeSchema, content: dict[str, Any]
) -> tuple[date | datetime, date | datetime] | None:
    """The period a notification announces (an exercise's first and last day), if any."""
    if schema.calendar is None:
        return None
    start_name, end_name = schema.calendar
    if start_name not in content or end_name not in content:
        return None
    if schema.field_named(start_name).kind == "date":
        return date.fromisoformat(content[start_name]), date.fromisoformat(content[end_name])
    return datetime.fromisoformat(content[start_name]), datetime.fromisoformat(content[end_name])


class _FieldError(Exception):
    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def _clean(spec: FieldSpec, value: Any) -> Any:
    kind = spec.kind
    if kind in ("text", "longtext"):
        if not isinstance(value, str):
            raise _FieldError("text expected")
        limit = TEXT_LIMIT if kind == "text" else LONGTEXT_LIMIT
        if len(value) > limit:
            raise _FieldError(f"at most {limit} characters")
        found = (LINE_CONTROL if kind == "text" else PROSE_CONTROL).search(value)
        if found:
            what = "a line break" if found.group() in "\n\r" else f"U+{ord(found.group()):04X}"
            raise _FieldError(f"text without control characters ({what} found)")
        return normalise_newlines(value.strip())
    if kind == "integer":
        number = _integer(value, "a whole number")
        if spec.minimum is not None and number < spec.minimum:
            raise _FieldError(f"at least {spec.minimum}")
        if spec.maximum is not None and number > spec.maximum:
            raise _FieldError(f"at most {spec.maximum}")
        return number
    if kind == "date":
        if not isinstance(value, str):
            raise _FieldError("a date as YYYY-MM-DD")
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise _FieldError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if kind == "datetime":
        if not isinstance(value, str):
            raise _FieldError("a date and time as YYYY-MM-DDTHH:MM with a UTC offset")
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise _FieldError(f"{value!r} is not a date and time (ISO 8601)") from None
        if moment.tzinfo is None:
            raise _FieldError(f"{value!r} has no UTC offset (add Z or +05:00)")
        return moment.isoformat()
    if kind == "choice":
        if value not in spec.choices:
            raise _FieldError(f"{value!r} is not one of {', '.join(spec.choices)}")
        return value
    if kind == "point":
        return _point(value, spec.name)
    if kind == "area":
        if not isinstance(value, list):
            raise _FieldError("a list of points {lat, lon}")
        if len(value) > AREA_POINTS_LIMIT:
            raise _FieldError(f"at most {AREA_POINTS_LIMIT} points")
        return [_point(item, f"{spec.name}[{i}]") for i, item in enumerate(value)]
    if kind == "forces":
        return _forces(spec, value)
    raise AssertionError(f"unhandled kind {kind!r}")  # parse_schema admits no other


def _integer(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise _FieldError(what)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise _FieldError(what)


def _point(value: Any, path: str) -> dict[str, float]:
    if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
        raise _FieldError("a point {lat, lon} in decimal degrees", path)
    cleaned: dict[str, float] = {}
    for axis, bound in (("lat", 90.0), ("lon", 180.0)):
        raw = value[axis]
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise _FieldError("a number of degrees", f"{path}.{axis}")
        try:
            number = float(raw)
        except ValueError:
            raise _FieldError(f"{raw!r} is not a number", f"{path}.{axis}") from None
        if not -bound <= number <= bound:  # also refuses NaN
            raise _FieldError(
                f"{number:g} is out of range (-{bound:g} to {bound:g})", f"{path}.{axis}"
            )
        cleaned[axis] = number
    return cleaned


def _forces(spec: FieldSpec, value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise _FieldError(f"a count per category ({', '.join(spec.categories)})")
    unknown = sorted(str(k) for k in value if k not in spec.categories)
    if unknown:
        raise _FieldError(
            f"unknown force category {', '.join(unknown)} (known: {', '.join(spec.categories)})"
        )
    cleaned: dict[str, int] = {}
    for category in spec.categories:
        if category not in value or _is_blank(value[category]):
            continue
        try:
            count = _integer(value[category], "a whole number")
        except _FieldError as problem:
            raise _FieldError(problem.message, f"{spec.name}.{category}") from None
        if count < 0:
            raise _FieldError("cannot be negative", f"{spec.name}.{category}")
        cleaned[category] = count
    return cleaned


def _moment(kind: str, text: str) -> date | datetime:
    """A comparable value; both sides of an `order` pair have the same kind (parse_schema)."""
    return date.fromisoformat(text) if kind == "date" else datetime.fromisoformat(text)
