"""The demo's joint statements in English, Chinese and Russian.

The Chinese and Russian texts are an illustrative translation made for the demo, labelled
as such wherever they are shown: not an official text of any meeting. Each paragraph is
(kind, English, Chinese, Russian); the concordance suite (tests/unit/domain/concordance)
checks that the three say the same thing.
"""

from __future__ import annotations

TRANSLATION_NOTE = "Chinese and Russian versions: an illustrative translation for the demo."

IN_NEGOTIATION: list[tuple[str, str, str, str]] = [
    (
        "preambular",
        "Recalling the talks held in Guilin on 22–23 March 2021,",
        "回顾2021年3月22日至23日在桂林举行的会谈，",
        "ссылаясь на переговоры, состоявшиеся в Гуйлине 22–23 марта 2021 года,",
    ),
    (
        "preambular",
        "Concerned by the security situation in Afghanistan and its effects on the region,",
        "关切阿富汗安全局势及其对本地区的影响，",
        "будучи обеспокоены ситуацией в области безопасности в Афганистане и её "
        "последствиями для региона,",
    ),
    (
        "operative",
        "The participants support an inclusive, Afghan-led and Afghan-owned peace process.",
        "各方支持阿富汗人主导、阿富汗人所有的包容性和平进程。",
        "Участники поддерживают инклюзивный мирный процесс, осуществляемый под руководством "
        "самих афганцев и при их ответственности.",
    ),
    (
        "operative",
        "The participants will strengthen cooperation against terrorism and drug trafficking.",
        "各方将加强打击恐怖主义和毒品贩运的合作。",
        "Участники будут укреплять сотрудничество в борьбе с терроризмом и наркоторговлей.",
    ),
    (
        "operative",
        "The participants oppose an arms race in outer space.",
        "各方反对外层空间军备竞赛。",
        "Участники выступают против гонки вооружений в космическом пространстве.",
    ),
]

ADOPTED: list[tuple[str, str, str, str]] = [
    (
        "preambular",
        "Meeting in Tashkent on 15 July 2021,",
        "于2021年7月15日在塔什干举行会议，",
        "собравшись в Ташкенте 15 июля 2021 года,",
    ),
    (
        "preambular",
        "Reaffirming the principles of sovereign equality and non-interference,",
        "重申主权平等和不干涉内政原则，",
        "вновь подтверждая принципы суверенного равенства и невмешательства,",
    ),
    (
        "operative",
        "The participants welcome the regional security dialogue as an inclusive platform.",
        "各方欢迎地区安全对话成为一个包容性平台。",
        "Участники приветствуют региональный диалог по вопросам безопасности как "
        "инклюзивную платформу.",
    ),
    (
        "operative",
        "The participants will cooperate on biosafety, information security and climate change.",
        "各方将在生物安全、信息安全和气候变化领域开展合作。",
        "Участники будут сотрудничать в области биобезопасности, информационной безопасности "
        "и изменения климата.",
    ),
    (
        "operative",
        "The participants will meet again within a year.",
        "各方将在一年内再次会晤。",
        "Участники вновь встретятся в течение года.",
    ),
]

# The adopted statement's Rev.2: its last paragraph as the amendment A1 left it.
ADOPTED_REV2_LAST = (
    "operative",
    "The participants will meet again in 2022.",
    "各方将于2022年再次会晤。",
    "Участники вновь встретятся в 2022 году.",
)


def adopted_rows(*, revision: int) -> list[tuple[str, str, str, str]]:
    """The adopted statement's paragraphs in Rev.1 or Rev.2."""
    return ADOPTED if revision == 1 else [*ADOPTED[:-1], ADOPTED_REV2_LAST]
