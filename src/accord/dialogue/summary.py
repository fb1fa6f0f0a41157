"""The summary record of a meeting as Markdown, built from the interventions a reader
may see (the selector has already filtered them)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .selectors import SummaryRecord


def summary_markdown(record: SummaryRecord) -> str:
    meeting = record.meeting
    lines = [
        f"# {_('Summary record')}: {meeting.title}",
        "",
        f"{meeting.get_kind_display()} · {meeting.starts_at:%Y-%m-%d %H:%M} – "
        f"{meeting.ends_at:%Y-%m-%d %H:%M} UTC · {meeting.venue or meeting.online_url}",
        "",
    ]
    # Interventions are numbered in the order of the record, not by their database keys.
    numbers = {
        intervention.pk: number
        for number, intervention in enumerate(
            (i for _item, spoken in record.items for i in spoken), start=1
        )
    }
    for item, spoken in record.items:
        heading = f"{item.number}. {item.title}" if item else _("General")
        lines += [f"## {heading}", ""]
        if not spoken:
            lines += [_("No interventions."), ""]
        for intervention in spoken:
            who = (
                _("The Chair")
                if intervention.as_chair
                else (intervention.state.name if intervention.state else _("The Secretariat"))
            )
            kind = intervention.get_kind_display()
            replied = numbers.get(intervention.in_reply_to_id or 0)
            reply = f" ({_('in reply to')} #{replied})" if replied else ""
            lines += [
                f"**#{numbers[intervention.pk]} {who}** — {kind}{reply} [{intervention.language}]",
                "",
                intervention.text,
                "",
            ]
    return "\n".join(lines)
