"""`language-version`: every language version a bundle's text carries is the one its own
hash names, and is numbered like the text (DESIGN §2 rule 8).

The text's hash (the adoption record's `text_sha256`, which every signature covers) already
covers every version; this check runs first so that a tampered version is reported by its
language rather than as a changed text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.domain.signing.statement import canonical_bytes, sha256_hex

LANGUAGES = ("en", "zh", "ru")


def version_problem(text: Mapping[str, Any]) -> str | None:
    """What is wrong with the text's language versions, naming the language; None if nothing."""
    versions = text.get("versions")
    if versions is None:
        return None  # a text in one language
    if not isinstance(versions, list) or text.get("language") not in LANGUAGES:
        return "the text's language versions are not a list with the text's own language"
    numbers = [p.get("number") for p in text.get("paragraphs", []) if isinstance(p, Mapping)]
    seen = {text["language"]}
    for entry in versions:
        if not isinstance(entry, Mapping) or entry.get("language") not in LANGUAGES:
            return "a language version names no language this platform knows"
        language = entry["language"]
        if language in seen:
            return f"the {language} version appears twice"
        seen.add(language)
        rest = {k: v for k, v in entry.items() if k != "sha256"}
        if sha256_hex(canonical_bytes(rest)) != entry.get("sha256"):
            return f"the {language} version differs from the version that was adopted"
        paragraphs = entry.get("paragraphs")
        if (
            not isinstance(paragraphs, list)
            or [p.get("number") if isinstance(p, Mapping) else None for p in paragraphs] != numbers
        ):
            return f"the {language} version is not numbered like the text"
    return None


def summary(text: Mapping[str, Any]) -> str:
    """The versions that were checked, for the report."""
    versions = text.get("versions")
    if not versions:
        return "one language"
    codes = [text["language"], *(v["language"] for v in versions)]
    return "versions in " + ", ".join(codes)
