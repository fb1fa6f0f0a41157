"""Correct three-language texts and the same texts with one planted error each.

Shared by test_concordance.py and bench/concordance_figures.py (which prints the figures:
findings caught / planted, false findings on correct texts).
"""

# ruff: noqa: E501  (three-language sentences are kept whole, one per line, to be read side by side)
from __future__ import annotations

from dataclasses import dataclass

from accord.domain.concordance import Check, Place
from accord.domain.negotiation import Alternative, Bracket, ParagraphKind, Revision, Text, new_draft
from accord.negotiation import demo_texts

Row = tuple[str, str | tuple, str | tuple, str | tuple]

PLACES = [
    Place("KAZ", {"en": ("Kazakhstan",), "zh": ("哈萨克斯坦",), "ru": ("Казахстан",)}),
    Place("KGZ", {"en": ("Kyrgyzstan",), "zh": ("吉尔吉斯斯坦",), "ru": ("Кыргызстан",)}),
    Place("UZB", {"en": ("Uzbekistan",), "zh": ("乌兹别克斯坦",), "ru": ("Узбекистан",)}),
    Place("CHN", {"en": ("China",), "zh": ("中国",), "ru": ("Китай",)}),
    Place(
        "RUS",
        {"en": ("Russian Federation",), "zh": ("俄罗斯联邦",), "ru": ("Российская Федерация",)},
    ),
]


def bracket(*texts: str) -> Bracket:
    return Bracket(1, tuple(Alternative(t) for t in texts))


# Obligations, permissions, negations, dates, numbers, names and sub-paragraphs, all agreeing.
OBLIGATIONS: list[Row] = [
    (
        "preambular",
        "Recalling the meeting held in Astana on 5 May 2019 and the 3 rounds of talks since,",
        "回顾2019年5月5日在阿斯塔纳举行的会议以及此后举行的3轮会谈，",
        "ссылаясь на встречу, состоявшуюся в Астане 5 мая 2019 года, и 3 раунда переговоров с тех пор,",
    ),
    (
        "operative",
        "The participants shall not place weapons in outer space.",
        "各方不得在外层空间部署武器。",
        "Участники обязуются не размещать оружие в космическом пространстве.",
    ),
    (
        "operative",
        "Each participant may request consultations with Kazakhstan or Kyrgyzstan.",
        "每个参与方可以请求与哈萨克斯坦或吉尔吉斯斯坦进行磋商。",
        "Каждый участник может запросить консультации с Казахстаном или Кыргызстаном.",
    ),
    (
        "operative",
        "The participants shall notify exercises involving more than 9,000 troops: "
        "(a) 42 days in advance; (b) in writing.",
        "各方应通报涉及9,000名以上部队的演习：(a) 提前42天；(b) 以书面形式。",
        "Участники обязуются уведомлять об учениях с участием более 9 000 военнослужащих: "
        "а) за 42 дня; б) в письменной форме.",
    ),
    (
        "operative",
        (Text("The participants "), bracket("welcome", "note"), Text(" the initiative of China.")),
        (Text("各方"), bracket("欢迎", "注意到"), Text("中国的倡议。")),
        (
            Text("Участники "),
            bracket("приветствуют", "принимают к сведению"),
            Text(" инициативу Китая."),
        ),
    ),
]


def versions(rows: list[Row]) -> dict[str, Revision]:
    """One revision per language from (kind, en, zh, ru) rows."""
    out = {}
    for index, language in ((1, "en"), (2, "zh"), (3, "ru")):
        paragraphs = [(ParagraphKind(row[0]), row[index]) for row in rows]
        out[language] = new_draft(document_id="d1", title="t", chair="KAZ", paragraphs=paragraphs)
    return out


CORRECT: dict[str, list[Row]] = {
    "demo statement in negotiation": [tuple(r) for r in demo_texts.IN_NEGOTIATION],  # type: ignore[misc]
    "demo statement adopted": [tuple(r) for r in demo_texts.ADOPTED],  # type: ignore[misc]
    "obligations and numbers": OBLIGATIONS,
}


@dataclass(frozen=True)
class Planted:
    """One error planted in one version of one paragraph, and the finding that must name it."""

    name: str
    language: str
    paragraph: int  # index into OBLIGATIONS
    text: str | tuple
    check: Check


PLANTED = [
    Planted("negation dropped in Russian", "ru", 1,
            "Участники обязуются размещать оружие в космическом пространстве.", Check.NEGATION),
    Planted("'shall' made 'may' in Chinese", "zh", 3,
            "各方可以通报涉及9,000名以上部队的演习：(a) 提前42天；(b) 以书面形式。", Check.OBLIGATION),
    Planted("bracket missing in Russian", "ru", 4,
            "Участники приветствуют инициативу Китая.", Check.BRACKETS),
    Planted("number changed in Russian", "ru", 3,
            "Участники обязуются уведомлять об учениях с участием более 9 000 военнослужащих: "
            "а) за 24 дня; б) в письменной форме.", Check.NUMERALS),
    Planted("thousands changed in Chinese", "zh", 3,
            "各方应通报涉及90,000名以上部队的演习：(a) 提前42天；(b) 以书面形式。", Check.NUMERALS),
    Planted("date changed in Chinese", "zh", 0,
            "回顾2019年5月6日在阿斯塔纳举行的会议以及此后举行的3轮会谈，", Check.DATES),
    Planted("month changed in Russian", "ru", 0,
            "ссылаясь на встречу, состоявшуюся в Астане 5 марта 2019 года, и 3 раунда переговоров с тех пор,", Check.DATES),
    Planted("state name swapped in Russian", "ru", 2,
            "Каждый участник может запросить консультации с Казахстаном или Узбекистаном.", Check.NAMES),
    Planted("'may' made 'shall' in Russian", "ru", 2,
            "Каждый участник обязуется запросить консультации с Казахстаном или Кыргызстаном.", Check.PERMISSION),
    Planted("negation added in Chinese", "zh", 2,
            "每个参与方不可以请求与哈萨克斯坦或吉尔吉斯斯坦进行磋商。", Check.NEGATION),
    Planted("sub-paragraph dropped in Russian", "ru", 3,
            "Участники обязуются уведомлять об учениях с участием более 9 000 военнослужащих "
            "за 42 дня в письменной форме.", Check.SUBPARAGRAPHS),
    Planted("alternative added in Chinese", "zh", 4,
            (Text("各方"), Bracket(1, (Alternative("欢迎"), Alternative("注意到"), Alternative("")))
             , Text("中国的倡议。")), Check.BRACKETS),
]  # fmt: skip


def planted_versions(planted: Planted) -> dict[str, Revision]:
    """The correct obligations triple with `planted`'s error put in."""
    rows = [list(r) for r in OBLIGATIONS]
    rows[planted.paragraph][("en", "zh", "ru").index(planted.language) + 1] = planted.text
    return versions([tuple(r) for r in rows])  # type: ignore[misc]
