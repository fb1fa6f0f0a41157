"""The rules of procedure, and the places on the list, in the reader's language."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accord.domain import procedure
from accord.domain.consensus import Consent


def duration(value: timedelta | None) -> str:
    if value is None:
        return _("no limit")
    seconds = int(value.total_seconds())
    if seconds % 86400 == 0:
        days = seconds // 86400
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    minutes = seconds // 60
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def rules_lines(rules: procedure.RulesOfProcedure) -> list[tuple[str, str]]:
    """(what, the rule) for each rule of procedure, as the rules page and console show."""
    consent = (
        _("No member present objects; an absent member's silence counts after %(window)s")
        % {"window": duration(rules.absent_window)}
        if rules.consent is Consent.NO_OBJECTION
        else _("Every member approves")
    )
    replies = (
        _("no limit")
        if rules.replies_per_item is None
        else ngettext("%(n)d per item", "%(n)d per item", rules.replies_per_item)
        % {"n": rules.replies_per_item}
    )
    breakers = (
        _("Heads of delegation")
        if rules.silence_broken_by is procedure.SilenceBreakers.HEADS
        else _("Heads of delegation and delegates")
    )

    def within(window: timedelta) -> str:
        return _("within %(window)s") % {"window": duration(window)}

    def yes(flag: bool) -> str:
        return _("Yes") if flag else _("No")

    silence = _("at least %(minimum)s") % {"minimum": duration(rules.silence_minimum)}
    return [
        (_("Consensus"), consent),
        (_("Quorum"), str(rules.quorum)),
        (_("Silence procedure"), silence),
        (_("Who may break silence"), breakers),
        (_("An amendment breaks silence"), yes(rules.amendment_breaks_silence)),
        (_("Ad referendum confirmation"), within(rules.ad_referendum_window)),
        (_("Speaking time"), duration(rules.statement_time)),
        (_("Right of reply"), f"{duration(rules.reply_time)} · {replies}"),
        (_("Points of order by observers"), yes(rules.observers_raise_points_of_order)),
        (_("Corrections to the summary record"), within(rules.correction_window)),
    ]  # fmt: skip


def turn_label(turn: procedure.Turn) -> str:
    return {
        procedure.Turn.STATEMENT: pgettext("intervention kind", "Statement"),
        procedure.Turn.POINT_OF_ORDER: _("Point of order"),
        procedure.Turn.REPLY: _("Right of reply"),
    }[turn]
