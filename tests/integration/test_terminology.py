"""The interface catalogues hold to the terminology base (src/accord/locale/terminology.toml).

Every Chinese and Russian message whose English contains a term of the base uses the agreed
equivalent and none of its forbidden variants; Chinese messages use full-width punctuation
next to Chinese text; an English string with two meanings carries a msgctxt for each, and the
meanings are translated apart where the languages need it; and no sentence receives a raw
code (`silence`, `returned-to-negotiation`) through interpolation.
"""

from __future__ import annotations

import ast
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from test_translations import LOCALE_DIR, parse_po

import accord

BASE = LOCALE_DIR / "terminology.toml"
SOURCE = Path(accord.__file__).resolve().parent
CATALOGUES = {"zh": "zh_Hans", "ru": "ru"}

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@cache
def base() -> dict[str, Any]:
    return tomllib.loads(BASE.read_text(encoding="utf-8"))


@cache
def catalogue(language: str) -> tuple[dict, ...]:
    return tuple(parse_po(LOCALE_DIR / CATALOGUES[language] / "LC_MESSAGES" / "django.po"))


def _fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def _texts(entry: dict) -> list[str]:
    return [text for _, text in sorted(entry["msgstr"].items())]


def _english(entry: dict) -> str:
    return PLACEHOLDER.sub(" ", entry["msgid"])


def _in_scope(term: dict, entry: dict) -> bool:
    context = entry.get("msgctxt")
    if context is not None and context in term.get("contexts", ()):
        return True
    if context is not None and context in term.get("skip_contexts", ()):
        return False
    english = _english(entry)
    if not re.search(term["en"], english, re.IGNORECASE):
        return False
    return not ("skip_en" in term and re.search(term["skip_en"], english, re.IGNORECASE))


def _term_problem(term: dict, language: str, text: str) -> str | None:
    """Why `text` does not hold to `term` in `language`, or None."""
    agreed = term.get(f"{language}_match", [term[language]])
    if language == "zh":
        present = [a for a in agreed if a in text]
        rest = text
        for a in sorted(present, key=len, reverse=True):
            rest = rest.replace(a, "\x00")
    else:
        folded = _fold(text)
        patterns = [_fold(a) for a in agreed]
        present = [p for p in patterns if re.search(p, folded, re.IGNORECASE)]
        rest = folded
        for p in present:
            rest = re.sub(p, "\x00", rest, flags=re.IGNORECASE)
    if not present:
        return f"lacks {term[language]!r}"
    for forbidden in term.get(f"forbidden_{language}", ()):
        pattern = forbidden if language == "zh" else _fold(forbidden)
        if re.search(pattern, rest, re.IGNORECASE):
            return f"uses the forbidden {forbidden!r}"
    return None


def test_the_base_is_well_formed() -> None:
    terms = base()["term"]
    ids = [t["id"] for t in terms]
    assert len(ids) == len(set(ids)), "term ids repeat"
    assert len(terms) >= 60
    for t in terms:
        for key in ("en", "zh", "ru", "definition"):
            assert t.get(key), f"{t['id']}: no {key}"
        for key in ("en", "skip_en", "ru_match", "forbidden_ru", "forbidden_zh"):
            for pattern in [t[key]] if isinstance(t.get(key), str) else t.get(key, []):
                re.compile(pattern)


@pytest.mark.parametrize("language", ["zh", "ru"])
def test_every_message_uses_the_agreed_terms(language: str) -> None:
    problems = []
    for entry in catalogue(language):
        for term in base()["term"]:
            if not _in_scope(term, entry):
                continue
            for text in _texts(entry):
                problem = _term_problem(term, language, text)
                if problem:
                    problems.append(f"{term['id']}: {entry['msgid']!r} -> {text!r} {problem}")
    assert not problems, (
        "messages that do not use the agreed term (src/accord/locale/terminology.toml; fix the "
        "translation, or the entry if its English pattern catches another meaning):\n"
        + "\n".join(problems)
    )


def test_the_term_check_catches_a_wrong_term() -> None:
    terms = {t["id"]: t for t in base()["term"]}
    assert _term_problem(terms["dissociation"], "zh", "不参与 OP2。") is not None
    assert _term_problem(terms["dissociation"], "zh", "不参加关于 OP2 的协商一致。") is None
    silence = terms["silence-procedure"]
    assert _term_problem(silence, "ru", "Процедура умолчания") is not None
    assert _term_problem(silence, "ru", "процедура молчания") is None
    assert _term_problem(terms["bracket"], "zh", "括号") is not None
    assert _term_problem(terms["bracket"], "zh", "方括号") is None
    assert _term_problem(terms["revision"], "ru", "в текущей редакции") is not None


# --- Chinese punctuation ---------------------------------------------------------------------

HALF_WIDTH = ",:;()?!"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u201c\u201d]")
# What is not Chinese prose: placeholders, markup, URLs, numbers, code in backticks,
# literal input quoted as “…”.
NOT_PROSE = re.compile(
    r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]*>|https?://[\w./\-?=&#%~]*"
    r"|\d+(?:[.,:]\d+)+|`[^`]*`|“[^“”\u4e00-\u9fff]*”"
)


def half_width_marks(text: str) -> list[str]:
    """The half-width marks in Chinese `text` that Chinese needs full-width, shown in context.

    A mark is left alone inside what is not prose (NOT_PROSE) and between two Latin
    fragments ("html, md"); it is wrong when the nearest letter on either side, looking past
    spaces and placeholders, is Chinese."""
    masked = NOT_PROSE.sub(lambda m: "\x00" * len(m.group()), text)
    found = []
    for i, char in enumerate(masked):
        if char not in HALF_WIDTH:
            continue
        left = next((c for c in reversed(masked[:i]) if c not in " \x00"), "")
        right = next((c for c in masked[i + 1 :] if c not in " \x00"), "")
        if CJK.match(left or " ") or CJK.match(right or " "):
            found.append(text[max(0, i - 6) : i + 7])
    return found


def test_chinese_uses_full_width_punctuation() -> None:
    wrong = []
    for entry in catalogue("zh"):
        for text in _texts(entry):
            if half_width_marks(text):
                wrong.append(f"{entry['msgid']!r} -> {text!r}: {half_width_marks(text)}")
    assert not wrong, f"{len(wrong)} Chinese messages with half-width punctuation:\n" + "\n".join(
        wrong
    )


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("国家磋商(一国一票)", 2),
        ("草案,Rev.%(n)s", 1),
        ("群组 %(label)s:%(size)s", 1),
        ("签名被拒绝:unknown-key:该密钥", 2),
        ("国家磋商（一国一票）", 0),
        ("format：须为 html, md, pdf", 0),
        ("地址（https://）", 0),
        ("版本 3.5，共 1,000 票", 0),
        ("以英文逗号“,”分隔", 0),
        ('<a href="%(url)s">%(title)s</a> 会议间隙', 0),
    ],
)
def test_the_punctuation_check(text: str, flagged: int) -> None:
    assert len(half_width_marks(text)) == flagged, half_width_marks(text)


# --- Polysemous strings ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "ru"])
def test_polysemous_strings_carry_a_context(language: str) -> None:
    entries = {(e.get("msgctxt"), e["msgid"]): e for e in catalogue(language)}
    problems = []
    for rule in base()["polysemous"]:
        msgid = rule["msgid"]
        for context in rule["contexts"]:
            if (context, msgid) not in entries:
                problems.append(f"{msgid!r} has no entry with context {context!r}")
        if (None, msgid) in entries and not rule.get("bare", False):
            problems.append(f"{msgid!r} is still used without a context")
        if language in rule["differ"]:
            bare = [(None, msgid)] if rule.get("bare") else []
            keys = [(c, msgid) for c in rule["contexts"]] + bare
            shown = [_texts(entries[k])[0] for k in keys if k in entries]
            if len(set(shown)) != len(shown):
                problems.append(f"{msgid!r}: its meanings translate alike: {shown}")
    assert not problems, "\n".join(problems)


# --- No raw code in a translated sentence ----------------------------------------------------

# Fields that hold codes (TextChoices values), not text: interpolating one into a translated
# sentence shows "returned-to-negotiation" to a Russian reader.
CODE_FIELDS = {"outcome", "procedure", "kind", "status", "visibility", "act", "stance", "decision"}
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}


def _raw_codes_in_python(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod)):
            continue
        call = node.left
        if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) in GETTEXT):
            continue
        if not isinstance(node.right, ast.Dict):
            continue
        for key, value in zip(node.right.keys, node.right.values, strict=True):
            if isinstance(value, ast.Attribute) and value.attr in CODE_FIELDS:
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}: {ast.unparse(key)}")
    return found


BLOCK = re.compile(r"{%\s*blocktranslate\b([^%]*)%}")
BINDING = re.compile(r"(\w+)=([\w.]+)(?=\s|$)")


def _raw_codes_in_templates(path: Path) -> list[str]:
    found = []
    for match in BLOCK.finditer(path.read_text(encoding="utf-8")):
        for name, expression in BINDING.findall(match.group(1)):
            if expression.split(".")[-1] in CODE_FIELDS:
                found.append(f"{path.relative_to(SOURCE)}: {name}={expression}")
    return found


def test_no_sentence_interpolates_a_raw_code() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" not in path.parts:
            found += _raw_codes_in_python(path)
    for path in sorted(SOURCE.rglob("*.html")):
        found += _raw_codes_in_templates(path)
    assert not found, "codes interpolated into translated sentences:\n" + "\n".join(found)
