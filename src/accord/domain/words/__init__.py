"""The words of the three languages: Chinese segmented by jieba, Russian lemmatised by
pymorphy3, English split at what is not a letter or a digit. Shared by the mediator
(`mediation`) and search (`search`).

Import from here (`from accord.domain import words`)."""

from accord.domain.words.segmentation import (
    CYRILLIC,
    HAN,
    lemma,
    lemmas,
    tokens,
    word_is_known,
)

__all__ = ["CYRILLIC", "HAN", "lemma", "lemmas", "tokens", "word_is_known"]
