from celery import shared_task

from workshops.services.summaries import allocations_settle, summary_reminders_send


@shared_task(name="workshops.summaries_remind")
def summaries_remind():
    """Remind the organisers of finished workshops whose summary is not filed yet."""
    return summary_reminders_send()


@shared_task(name="workshops.allocations_settle")
def allocations_settle_task():
    """Return the unspent awards of reported workshops once their claims are settled."""
    return allocations_settle()
