"""The task board's summary, for the pages of other apps that show an event."""

from django import template

from events.selectors import board_counts

register = template.Library()


@register.inclusion_tag("events/_board_summary.html", takes_context=True)
def task_board(context, event):
    user = context["user"]
    may_work = user.has_perm("events.work_board", event)
    return {"event": event, "may_work": may_work, "counts": board_counts(event) if may_work else ()}
