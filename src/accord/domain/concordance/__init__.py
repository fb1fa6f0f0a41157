"""Concordance between the language versions of a negotiated text (DESIGN §2 rule 8).

Import from here (`from accord.domain import concordance`). Pure and offline: the check
reads two or three versions of one revision (each a `negotiation.Revision` in its language)
and names every paragraph where they do not say the same thing::

    findings = concordance.check_concordance({"en": en, "zh": zh, "ru": ru}, reference="en",
                                             places=[concordance.Place("KAZ", {...})])
    # () when concordant; else Finding(check=Check.NEGATION, label="OP2", languages=("en", "ru"), …)

What it compares: the numbering (paragraphs and sub-paragraph markers), brackets and their
alternatives, numerals, dates, state and place names, and the obligation, permission and
negation words of each language (`lexicon.toml`, kept as data). What it does not read is
said in `lexicon.toml` and `features.py`: numbers in words, "shall" against "should".
"""

from accord.domain.concordance.check import Check, Finding, check_concordance
from accord.domain.concordance.features import Features, features
from accord.domain.concordance.names import Place, names_in
from accord.domain.concordance.words import CLASSES, LANGUAGES, classes_of, lexicon

__all__ = [
    "CLASSES",
    "LANGUAGES",
    "Check",
    "Features",
    "Finding",
    "Place",
    "check_concordance",
    "classes_of",
    "features",
    "lexicon",
    "names_in",
]
