"""Confidence-building notifications: the types as data, and the check of a submission.

Import from here (`from accord.domain import notifications`): `types` holds the schema rules,
`catalogue` the standard types seeded by migration.
"""

from accord.domain.notifications.catalogue import (
    DEFAULT_REPLY_HOURS,
    EXERCISE_NOTICE,
    EXPLANATION_REPLY,
    EXPLANATION_REQUEST,
    FORCE_CATEGORIES_V1,
    INCIDENT_REPORT,
    INFORMATION_EXCHANGE,
    LAUNCH_NOTICE,
    NAVAL_PASSAGE,
    STANDARD_TYPES_V1,
)
from accord.domain.notifications.types import (
    AREA_POINTS_LIMIT,
    KINDS,
    LONGTEXT_LIMIT,
    TEXT_LIMIT,
    ContentInvalid,
    FieldSpec,
    SchemaInvalid,
    TypeSchema,
    calendar_span,
    parse_schema,
    subject_of,
    validate_content,
)

__all__ = [
    "AREA_POINTS_LIMIT",
    "DEFAULT_REPLY_HOURS",
    "EXERCISE_NOTICE",
    "EXPLANATION_REPLY",
    "EXPLANATION_REQUEST",
    "FORCE_CATEGORIES_V1",
    "INCIDENT_REPORT",
    "INFORMATION_EXCHANGE",
    "KINDS",
    "LAUNCH_NOTICE",
    "LONGTEXT_LIMIT",
    "NAVAL_PASSAGE",
    "STANDARD_TYPES_V1",
    "TEXT_LIMIT",
    "ContentInvalid",
    "FieldSpec",
    "SchemaInvalid",
    "TypeSchema",
    "calendar_span",
    "parse_schema",
    "subject_of",
    "validate_content",
]
