"""Chinese and Russian for the rules-of-procedure strings (issue 14).

`python scripts/procedure_translations.py` adds to each catalogue the entries it lacks (and,
after `scripts/i18n.sh extract`, fills the ones extraction left empty or fuzzy); then
`bash scripts/i18n.sh compile`. Appending leaves every other entry as it is."""

from __future__ import annotations

import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "src" / "accord" / "locale"

# (msgctxt or None, msgid) -> (zh, ru); plurals: ru is a tuple of the three forms.
T: dict[tuple[str | None, str], tuple[object, object]] = {
    (None, "The floor"): ("发言", "Слово"),
    (None, "Summary record with corrections"): ("简要记录及更正", "Краткий отчёт с исправлениями"),
    (None, "Implementation matrix"): ("执行情况矩阵", "Матрица осуществления"),
    (None, "The text is bracketed in its entirety: lift the bracket before adoption."): (
        "案文全文置于方括号内：通过前须去除方括号。",
        "Текст целиком заключён в квадратные скобки: снимите скобки до принятия.",
    ),
    (None, "Only the chair appoints co-chairs, vice-chairs and facilitators."): (
        "只有主席可任命共同主席、副主席和协调人。",
        "Только председатель назначает сопредседателей, заместителей председателя и координаторов.",
    ),
    (None, "office: co-chair, vice-chair or facilitator."): (
        "office：共同主席、副主席或协调人。",
        "office: сопредседатель, заместитель председателя или координатор.",
    ),
    (None, "holder: a person of a member state taking part in this meeting."): (
        "holder：须为参加本次会议的成员国人员。",
        "holder: представитель государства-члена, участвующего в этом совещании.",
    ),
    (None, "document: a text negotiated at this meeting."): (
        "document：须为本次会议上谈判的案文。",
        "document: текст, обсуждаемый на этом совещании.",
    ),
    (None, "paragraph: the text has no such paragraph."): (
        "paragraph：案文中没有这一段落。",
        "paragraph: в тексте нет такого пункта.",
    ),
    (None, "document: name the text the paragraph belongs to."): (
        "document：请指明该段落所属的案文。",
        "document: укажите текст, к которому относится пункт.",
    ),
    (None, "No such agenda item at this meeting."): (
        "本次会议没有这一议程项目。",
        "На этом совещании нет такого пункта повестки дня.",
    ),
    (None, "This person already holds this office."): (
        "此人已担任该职务。",
        "Это лицо уже занимает эту должность.",
    ),
    (None, "Only the chair ends an appointment."): (
        "只有主席可结束任命。",
        "Только председатель прекращает назначение.",
    ),
    (None, "No such appointment."): ("没有这一任命。", "Такого назначения нет."),
    (None, "The appointment has already ended."): ("该任命已结束。", "Назначение уже прекращено."),
    (None, "Only the chair may do this on a text negotiated at no meeting."): (
        "对于未在任何会议上谈判的案文，只有主席可以这样做。",
        "Для текста, не обсуждаемого ни на одном совещании, это может сделать только председатель.",
    ),
    (None, "Only the chair, a co-chair or the paragraph's facilitator may do this."): (
        "只有主席、共同主席或该段落的协调人可以这样做。",
        "Это может сделать только председатель, сопредседатель или координатор по этому пункту.",
    ),
    (None, "Only the chair writes the hand-over note."): (
        "只有主席撰写交接说明。",
        "Записку о передаче председательства пишет только председатель.",
    ),
    (None, "incoming: a member state."): ("incoming：须为成员国。", "incoming: государство-член."),
    (None, "incoming: the chair passes to another state."): (
        "incoming：主席职务须移交另一国。",
        "incoming: председательство переходит к другому государству.",
    ),
    (None, "note: 1 to 20000 characters."): (
        "note：1 至 20000 个字符。",
        "note: от 1 до 20000 символов.",
    ),
    (None, "Only the chair or a co-chair conducts the meeting."): (
        "只有主席或共同主席主持会议。",
        "Совещание ведёт только председатель или сопредседатель.",
    ),
    (None, "Only a state's delegation takes the floor."): (
        "只有国家代表团可以发言。",
        "Слово берёт только делегация государства.",
    ),
    (None, "Only delegations at this meeting may ask for the floor."): (
        "只有出席本次会议的代表团可以请求发言。",
        "Слово могут просить только делегации на этом совещании.",
    ),
    (None, "The agenda is not adopted yet."): ("议程尚未通过。", "Повестка дня ещё не утверждена."),
    (None, "turn: to speak, a point of order or a right of reply."): (
        "turn：发言、程序问题或答辩权。",
        "turn: выступление, выступление по порядку ведения заседания или право на ответ.",
    ),
    (None, "on_behalf_of: at most 200 characters."): (
        "on_behalf_of：最多 200 个字符。",
        "on_behalf_of: не более 200 символов.",
    ),
    (None, "No one is waiting for the floor on this item."): (
        "本项目下无人等待发言。",
        "По этому пункту никто не ждёт слова.",
    ),
    (None, "No such place waiting on this item's list of speakers."): (
        "本项目的发言名单上没有这一等待中的位置。",
        "В списке ораторов по этому пункту нет такого ожидающего места.",
    ),
    (None, "The list of speakers on this item is already closed."): (
        "本项目的发言名单已经截止。",
        "Список ораторов по этому пункту уже закрыт.",
    ),
    (None, "text: an announcement holds 1 to 500 characters."): (
        "text：通知须为 1 至 500 个字符。",
        "text: объявление содержит от 1 до 500 символов.",
    ),
    (None, "Only the chair or the secretariat records commitments."): (
        "只有主席或秘书处记录承诺。",
        "Обязательства записывает только председатель или секретариат.",
    ),
    (None, "Commitments are recorded under an adopted text."): (
        "承诺记录在已通过的案文之下。",
        "Обязательства записываются по принятому тексту.",
    ),
    (None, "description: 1 to 500 characters."): (
        "description：1 至 500 个字符。",
        "description: от 1 до 500 символов.",
    ),
    (None, "No such commitment."): ("没有这一承诺。", "Такого обязательства нет."),
    (None, "Only a lead state or the secretariat reports on a commitment."): (
        "只有牵头国或秘书处报告承诺的进展。",
        "О ходе выполнения обязательства сообщает только ведущее государство или секретариат.",
    ),
    (None, "status: planned, in progress, done or dropped."): (
        "status：计划中、进行中、已完成或已放弃。",
        "status: запланировано, выполняется, выполнено или снято.",
    ),
    (None, "evidence: at most 5000 characters."): (
        "evidence：最多 5000 个字符。",
        "evidence: не более 5000 символов.",
    ),
    (None, "Overdue commitments"): ("逾期承诺", "Просроченные обязательства"),
    (None, "Only the chair circulates a non-paper."): (
        "只有主席分发非正式文件。",
        "Неофициальный документ распространяет только председатель.",
    ),
    (None, "A non-paper needs a title and a text."): (
        "非正式文件须有标题和正文。",
        "Неофициальному документу нужны заголовок и текст.",
    ),
    (None, "states: at least two member states."): (
        "states：至少两个成员国。",
        "states: не менее двух государств-членов.",
    ),
    (None, "No such group."): ("没有这一小组。", "Такой группы нет."),
    (None, "The chair has already brought the outcome back to all."): (
        "主席已将结果提交全体。",
        "Председатель уже представил итог всем.",
    ),
    (None, "outcome: 1 to 20000 characters."): (
        "outcome：1 至 20000 个字符。",
        "outcome: от 1 до 20000 символов.",
    ),
    (None, "Only the chair brings the outcome back to all."): (
        "只有主席将结果提交全体。",
        "Итог всем представляет только председатель.",
    ),
    (None, "The group has no outcome to bring back yet."): (
        "该小组尚无可提交的结果。",
        "У группы пока нет итога.",
    ),
    (None, "Only the chair brackets a text in its entirety."): (
        "只有主席可将案文全文置于方括号内。",
        "Только председатель заключает текст целиком в квадратные скобки.",
    ),
    (None, "The text is not bracketed in its entirety."): (
        "案文全文未置于方括号内。",
        "Текст не заключён целиком в квадратные скобки.",
    ),
    (None, "The text is already bracketed in its entirety."): (
        "案文全文已置于方括号内。",
        "Текст уже заключён целиком в квадратные скобки.",
    ),
    (None, "Only a text in negotiation is bracketed."): (
        "只有谈判中的案文可置于方括号内。",
        "В квадратные скобки заключается только обсуждаемый текст.",
    ),
    (None, "no limit"): ("不限", "без ограничения"),
    (None, "%(n)d day"): ("%(n)d 天", ("%(n)d день", "%(n)d дня", "%(n)d дней")),
    (None, "%(n)d hour"): ("%(n)d 小时", ("%(n)d час", "%(n)d часа", "%(n)d часов")),
    (None, "%(n)d minute"): ("%(n)d 分钟", ("%(n)d минута", "%(n)d минуты", "%(n)d минут")),
    (None, "%(n)d per item"): (
        "每个项目 %(n)d 次",
        ("%(n)d по пункту", "%(n)d по пункту", "%(n)d по пункту"),
    ),
    (None, "No member present objects; an absent member's silence counts after %(window)s"): (
        "出席成员均不反对；缺席成员在 %(window)s 后未表态即视为不反对",
        "Никто из присутствующих членов не возражает; молчание отсутствующего засчитывается через %(window)s",
    ),
    (None, "Every member approves"): ("每个成员均同意", "Каждый член одобряет"),
    (None, "Heads of delegation"): ("代表团团长", "Главы делегаций"),
    (None, "Heads of delegation and delegates"): ("代表团团长和代表", "Главы делегаций и делегаты"),
    (None, "within %(window)s"): ("%(window)s 内", "в течение %(window)s"),
    (None, "Yes"): ("是", "Да"),
    (None, "No"): ("否", "Нет"),
    (None, "at least %(minimum)s"): ("至少 %(minimum)s", "не менее %(minimum)s"),
    (None, "Quorum"): ("法定人数", "Кворум"),
    (None, "Who may break silence"): ("谁可打破默许", "Кто может нарушить молчание"),
    (None, "An amendment breaks silence"): ("修正案即打破默许", "Поправка нарушает молчание"),
    (None, "Ad referendum confirmation"): (
        "待核准（ad referendum）的确认",
        "Подтверждение ad referendum",
    ),
    (None, "Speaking time"): ("发言时间", "Время выступления"),
    (None, "Points of order by observers"): (
        "观察员提出程序问题",
        "Выступления наблюдателей по порядку ведения заседания",
    ),
    (None, "Corrections to the summary record"): (
        "简要记录的更正",
        "Исправления к краткому отчёту",
    ),
    ("intervention kind", "Statement"): (None, None),  # already in the catalogue
    (None, "Point of order"): ("程序问题", "Выступление по порядку ведения заседания"),
    (None, "A quorum of %(quorum)s is above the %(members)s members of the series."): (
        "法定人数 %(quorum)s 超过该系列会议的 %(members)s 个成员。",
        "Кворум %(quorum)s превышает число членов серии (%(members)s).",
    ),
    (None, "The quorum is not reached: %(present)s members present, %(needed)s needed."): (
        "未达到法定人数：出席 %(present)s 个成员，需要 %(needed)s 个。",
        "Кворума нет: присутствуют %(present)s членов, нужно %(needed)s.",
    ),
    (None, "The silence window is shorter than the silence-procedure minimum."): (
        "默许期限短于默许程序的最短期限。",
        "Срок молчания короче минимального срока процедуры молчания.",
    ),
    (None, "Silence runs at least %(hours)s hours under the rules of procedure."): (
        "根据议事规则，默许期至少为 %(hours)s 小时。",
        "По правилам процедуры молчание длится не менее %(hours)s часов.",
    ),
    (None, "A quorum is at least one member."): (
        "法定人数至少为一个成员。",
        "Кворум составляет не менее одного члена.",
    ),
    (None, "A duration is longer than zero and at most 60 days."): (
        "期限须大于零且不超过 60 天。",
        "Срок больше нуля и не более 60 дней.",
    ),
    (None, "A speaking time is between 30 seconds and one hour."): (
        "发言时间须在 30 秒至一小时之间。",
        "Время выступления — от 30 секунд до одного часа.",
    ),
    (None, "A right of reply runs longer than the speaking time."): (
        "答辩权的时间长于发言时间。",
        "Право на ответ длится дольше времени выступления.",
    ),
    (None, "The rules give between 0 and 5 rights of reply."): (
        "规则规定的答辩权次数须在 0 至 5 次之间。",
        "Правила дают от 0 до 5 прав на ответ.",
    ),
    (None, "The rules of procedure do not let observers raise points of order."): (
        "议事规则不允许观察员提出程序问题。",
        "Правила процедуры не позволяют наблюдателям выступать по порядку ведения заседания.",
    ),
    (None, "Your delegation has had the rights of reply the rules give on this item."): (
        "贵代表团已用完规则就本项目给予的答辩权。",
        "Ваша делегация уже воспользовалась правами на ответ, которые правила дают по этому пункту.",
    ),
    (None, "A state corrects only its own interventions."): (
        "一国只能更正本国的发言。",
        "Государство исправляет только свои выступления.",
    ),
    (None, "The window for corrections has closed."): (
        "更正期限已过。",
        "Срок для исправлений истёк.",
    ),
    (None, "The window for corrections is still open."): (
        "更正期限尚未结束。",
        "Срок для исправлений ещё не истёк.",
    ),
    (None, "The facilitator acts only on the paragraph or item given."): (
        "协调人只能就所指定的段落或项目行事。",
        "Координатор действует только по порученному ему пункту.",
    ),
    (None, "The rules of procedure do not give facilitators this power."): (
        "议事规则未赋予协调人这一权力。",
        "Правила процедуры не дают координаторам такого полномочия.",
    ),
    (None, "An ad referendum approval is confirmed within the window the rules give."): (
        "待核准（ad referendum）的表态须在规则规定的期限内确认。",
        "Одобрение ad referendum подтверждается в срок, установленный правилами.",
    ),
    (None, "Only a head of delegation breaks silence under the rules of procedure."): (
        "根据议事规则，只有代表团团长可以打破默许。",
        "По правилам процедуры нарушить молчание может только глава делегации.",
    ),
    (None, "Your delegation has already raised a point of order."): (
        "贵代表团已提出程序问题。",
        "Ваша делегация уже выступает по порядку ведения заседания.",
    ),
    (None, "The chair has closed the list of speakers on this item."): (
        "主席已截止本项目的发言名单。",
        "Председатель закрыл список ораторов по этому пункту.",
    ),
    (None, "Your delegation is already on the list of speakers for this item."): (
        "贵代表团已列入本项目的发言名单。",
        "Ваша делегация уже в списке ораторов по этому пункту.",
    ),
    (None, "An observer does not speak on behalf of a group of states."): (
        "观察员不代表一组国家发言。",
        "Наблюдатель не выступает от имени группы государств.",
    ),
    (None, "The summary record is final: it no longer changes."): (
        "简要记录已定稿，不再更改。",
        "Краткий отчёт окончательный: он больше не меняется.",
    ),
    (None, "The correction changes nothing in the intervention."): (
        "该更正未对发言作任何改动。",
        "Исправление ничего не меняет в выступлении.",
    ),
    (None, "Under these rules every member approves, present or not."): (
        "根据这些规则，每个成员无论是否出席均须同意。",
        "По этим правилам одобряет каждый член, присутствующий или нет.",
    ),
    (None, "Draft"): ("草案", "Проект"),
    ("record stage", "Final"): ("定稿", "Окончательный"),
    (None, "Co-chair"): ("共同主席", "Сопредседатель"),
    (None, "Vice-chair"): ("副主席", "Заместитель председателя"),
    (None, "Facilitator"): ("协调人", "Координатор"),
    (None, "Planned"): ("计划中", "Запланировано"),
    (None, "In progress"): ("进行中", "Выполняется"),
    ("commitment status", "Done"): ("已完成", "Выполнено"),
    (None, "Dropped"): ("已放弃", "Снято"),
    (None, "Only the secretariat issues the draft summary record."): (
        "只有秘书处印发简要记录草案。",
        "Проект краткого отчёта выпускает только секретариат.",
    ),
    (None, "The draft summary record of this meeting is already issued."): (
        "本次会议的简要记录草案已经印发。",
        "Проект краткого отчёта этого совещания уже выпущен.",
    ),
    (None, "No intervention has been made at this meeting yet."): (
        "本次会议尚无发言。",
        "На этом совещании ещё не было выступлений.",
    ),
    (None, "No summary record has been issued for this meeting."): (
        "本次会议尚未印发简要记录。",
        "Краткий отчёт этого совещания ещё не выпущен.",
    ),
    (None, "Only a state's delegation corrects its interventions."): (
        "只有国家代表团可以更正其发言。",
        "Свои выступления исправляет только делегация государства.",
    ),
    (None, "Only the chair makes the summary record final."): (
        "只有主席可将简要记录定稿。",
        "Окончательным краткий отчёт делает только председатель.",
    ),
    (None, "Only the chair or the secretariat sets rules of procedure."): (
        "只有主席或秘书处制定议事规则。",
        "Правила процедуры устанавливает только председатель или секретариат.",
    ),
    (None, "The series already has these rules of procedure."): (
        "该系列会议已采用这些议事规则。",
        "У серии уже есть эти правила процедуры.",
    ),
    (None, "No such meeting series."): ("没有这一系列会议。", "Такой серии совещаний нет."),
    (None, "code: letters, digits and hyphens, at most 40."): (
        "code：字母、数字和连字符，最多 40 个。",
        "code: буквы, цифры и дефисы, не более 40.",
    ),
    (None, "No agenda item"): ("无议程项目", "Нет пункта повестки дня"),
    (None, "Has the floor:"): ("正在发言：", "Слово имеет:"),
    (None, "on behalf of %(group)s"): ("代表%(group)s", "от имени: %(group)s"),
    (None, "Time left:"): ("剩余时间：", "Осталось:"),
    (None, "No time limit."): ("不限时。", "Без ограничения времени."),
    (None, "Your delegation has the floor."): ("贵代表团正在发言。", "Слово имеет ваша делегация."),
    (None, "No one has the floor."): ("目前无人发言。", "Никто не имеет слова."),
    (None, "Next speaker"): ("下一位发言者", "Следующий оратор"),
    (None, "Close the list"): ("截止名单", "Закрыть список"),
    (None, "observer"): ("观察员", "наблюдатель"),
    (None, "No one is waiting for the floor."): ("无人等待发言。", "Никто не ждёт слова."),
    (None, "Chair's console"): ("主席控制台", "Пульт председателя"),
    (None, "Held under the rules of procedure of %(name)s."): (
        "依照%(name)s的议事规则举行。",
        "Проводится по правилам процедуры серии «%(name)s».",
    ),
    (None, "Held under the default rules of procedure."): (
        "依照默认议事规则举行。",
        "Проводится по правилам процедуры по умолчанию.",
    ),
    (None, "Rules of procedure"): ("议事规则", "Правила процедуры"),
    (None, "On behalf of a group of states (name it)"): (
        "代表一组国家（请写明）",
        "От имени группы государств (назовите её)",
    ),
    (None, "Inscribe"): ("登记", "Записаться"),
    (None, "No agenda yet."): ("尚无议程。", "Повестки дня пока нет."),
    (None, "Announcements"): ("通知", "Объявления"),
    (None, "Announce to the room"): ("向会场宣布", "Объявить залу"),
    (None, "Announce"): ("宣布", "Объявить"),
    (None, "Chairmanship"): ("主席团", "Председательство"),
    (None, "Non-papers"): ("非正式文件", "Неофициальные документы"),
    (None, "Not negotiable; not for publication."): (
        "不作谈判；不予公开。",
        "Не для переговоров и не для публикации.",
    ),
    (None, "Hand-over of the chair"): ("主席职务交接", "Передача председательства"),
    (None, "%(state)s holds the chair from %(start)s to %(end)s."): (
        "%(state)s 自 %(start)s 至 %(end)s 担任主席。",
        "%(state)s является председателем с %(start)s по %(end)s.",
    ),
    (None, "Write the hand-over note"): ("撰写交接说明", "Написать записку о передаче"),
    (None, "Incoming chair"): ("下任主席", "Следующий председатель"),
    (None, "Hand over"): ("交接", "Передать"),
    (None, "Hand-over notes"): ("交接说明", "Записки о передаче"),
    (None, "No hand-over note yet."): ("尚无交接说明。", "Записок о передаче пока нет."),
    (None, "Commitment"): ("承诺", "Обязательство"),
    (None, "Lead states"): ("牵头国", "Ведущие государства"),
    (None, "Due"): ("期限", "Срок"),
    (None, "Evidence"): ("证据", "Подтверждение"),
    (None, "Report progress"): ("报告进展", "Сообщить о ходе выполнения"),
    (None, "Update"): ("更新", "Обновить"),
    (None, "No commitment yet."): ("尚无承诺。", "Обязательств пока нет."),
    (None, "Record a commitment"): ("记录承诺", "Записать обязательство"),
    (None, "Lead states (codes)"): ("牵头国（代码）", "Ведущие государства (коды)"),
    (None, "Record"): ("记录", "Записать"),
    (None, "Friends of the Chair"): ("主席之友", "Друзья председателя"),
    (None, "brought back to all"): ("已提交全体", "представлено всем"),
    (None, "Issue the draft summary record"): (
        "印发简要记录草案",
        "Выпустить проект краткого отчёта",
    ),
    (None, "States may correct their own interventions until %(until)s UTC."): (
        "各国可在 UTC %(until)s 之前更正本国的发言。",
        "Государства могут исправлять свои выступления до %(until)s UTC.",
    ),
    (None, "Final since %(at)s UTC."): ("自 UTC %(at)s 起定稿。", "Окончательный с %(at)s UTC."),
    (None, "Corrected; the draft read:"): ("已更正；草案原文：", "Исправлено; в проекте было:"),
    (None, "Correct this intervention"): ("更正这一发言", "Исправить это выступление"),
    (None, "Corrected text"): ("更正后的文字", "Исправленный текст"),
    (None, "Submit the correction"): ("提交更正", "Отправить исправление"),
    (None, "Make the summary record final"): (
        "将简要记录定稿",
        "Сделать краткий отчёт окончательным",
    ),
    (None, "No meeting series has its own rules yet: every meeting keeps the default rules."): (
        "尚无系列会议有自己的规则：每次会议均沿用默认规则。",
        "Ни у одной серии совещаний пока нет своих правил: каждое совещание следует правилам по умолчанию.",
    ),
    (None, "You are on the list of speakers."): ("您已列入发言名单。", "Вы в списке ораторов."),
    (None, "The list of speakers is closed."): ("发言名单已截止。", "Список ораторов закрыт."),
    (None, "The announcement is made."): ("通知已宣布。", "Объявление сделано."),
    (None, "The draft summary record is issued."): (
        "简要记录草案已印发。",
        "Проект краткого отчёта выпущен.",
    ),
    (None, "Your correction is submitted."): ("您的更正已提交。", "Ваше исправление отправлено."),
    (None, "The summary record is final."): ("简要记录已定稿。", "Краткий отчёт окончательный."),
    (None, "due: a date (YYYY-MM-DD)."): ("due：日期（YYYY-MM-DD）。", "due: дата (ГГГГ-ММ-ДД)."),
    (None, "The commitment is recorded."): ("承诺已记录。", "Обязательство записано."),
    (None, "The commitment is updated."): ("承诺已更新。", "Обязательство обновлено."),
    (None, "The hand-over note is recorded."): ("交接说明已记录。", "Записка о передаче записана."),
    (None, "“%(commitment)s” under %(paragraph)s of “%(document)s” is overdue."): (
        "“%(document)s”%(paragraph)s 下的“%(commitment)s”已逾期。",
        "«%(commitment)s» по %(paragraph)s документа «%(document)s» просрочено.",
    ),
}
# Django's own messages, translated by Django's catalogues: never in ours.
DJANGO_OWN = {
    "This field is required.",
    "Ensure this value is less than or equal to %(limit_value)s.",
    "Ensure this value is greater than or equal to %(limit_value)s.",
    "Enter a whole number.",
    "Enter a valid value.",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _key(block: str) -> tuple[str | None, str] | None:
    body = [line for line in block.split("\n") if not line.startswith("#")]
    text = "\n".join(body)
    ctx = re.search(r'^msgctxt "(.*)"$', text, re.M)
    found = re.search(r'^msgid ((?:".*"\n?)+)', text, re.M)
    if found is None:
        return None
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', found.group(1).split("\nmsgid_plural")[0])
    msgid = "".join(parts).replace('\\"', '"').replace("\\\\", "\\")
    return (ctx.group(1) if ctx else None, msgid)


def _untranslated(block: str) -> bool:
    """An entry extraction left empty, or marked fuzzy."""
    if any(line.startswith("#,") and "fuzzy" in line for line in block.split("\n")):
        return True
    strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
    return all(not "".join(re.findall(r'"(.*)"', s)) for s in strings)


def apply(language: str) -> None:
    path = LOCALE / ("zh_Hans" if language == "zh" else "ru") / "LC_MESSAGES" / "django.po"
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    out = [blocks[0]]
    for block in blocks[1:]:
        key = _key(block)
        if key is not None and key[0] is None and key[1] in DJANGO_OWN:
            continue
        if key is None or key not in T or T[key][0] is None or not _untranslated(block):
            out.append(block)  # another's entry, already translated: never overwritten
            continue
        zh, ru = T[key]
        value = zh if language == "zh" else ru
        # Keep the msgctxt/msgid/msgid_plural lines (with their continuations), drop msgstr.
        kept: list[str] = []
        in_str = False
        for line in block.split("\n"):
            if line.startswith("#|"):
                continue
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                if flags:
                    kept.append("#, " + ", ".join(flags))
                continue
            if line.startswith("msgstr"):
                in_str = True
                continue
            if in_str and line.startswith('"'):
                continue
            in_str = False
            kept.append(line)
        if "msgid_plural" in block:
            forms = (value,) if language == "zh" else value
            assert isinstance(forms, tuple)
            kept += [f"msgstr[{i}] {_quote(form)}" for i, form in enumerate(forms)]
        else:
            assert isinstance(value, str)
            kept.append(f"msgstr {_quote(value)}")
        out.append("\n".join(kept))
    path.write_text("\n\n".join(out), encoding="utf-8")


PLURALS = {
    "%(n)d day": "%(n)d days",
    "%(n)d hour": "%(n)d hours",
    "%(n)d minute": "%(n)d minutes",
    "%(n)d per item": "%(n)d per item",
}


def append_missing(language: str) -> None:
    """Add the entries of `T` the catalogue does not hold yet, at its end."""
    path = LOCALE / ("zh_Hans" if language == "zh" else "ru") / "LC_MESSAGES" / "django.po"
    text = path.read_text(encoding="utf-8")
    have = {_key(block) for block in text.split("\n\n")[1:]}
    added: list[str] = []
    for (context, msgid), (zh, ru) in T.items():
        if (context, msgid) in have or zh is None:
            continue
        value = zh if language == "zh" else ru
        lines = ["#, python-format"] if "%(" in msgid else []
        if context is not None:
            lines.append(f"msgctxt {_quote(context)}")
        lines.append(f"msgid {_quote(msgid)}")
        if msgid in PLURALS:
            lines.append(f"msgid_plural {_quote(PLURALS[msgid])}")
            forms = (value,) if language == "zh" else value
            assert isinstance(forms, tuple)
            lines += [f"msgstr[{i}] {_quote(form)}" for i, form in enumerate(forms)]
        else:
            assert isinstance(value, str)
            lines.append(f"msgstr {_quote(value)}")
        added.append("\n".join(lines))
    if added:
        path.write_text(text.rstrip("\n") + "\n\n" + "\n\n".join(added) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for language in ("zh", "ru"):
        apply(language)
        append_missing(language)
