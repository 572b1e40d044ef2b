from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from workshops.models import Proposal
from workshops.selectors import organiser_addresses
from workshops.services.summaries import allocations_settle, summary_reminders_send


@shared_task(name="workshops.decision_notify")
def decision_notify(proposal_id):
    """Tell a proposal's organisers what the committee decided."""
    proposal = Proposal.objects.select_related("call").filter(pk=proposal_id).first()
    if proposal is None or proposal.decided_at is None:
        return 0
    subject = f"Your workshop proposal “{proposal.title}”: {proposal.get_status_display().lower()}"
    body = render_to_string(
        "workshops/email/decision.txt", {"proposal": proposal, "site_url": settings.SITE_URL}
    )
    return send_mail(subject, body, None, organiser_addresses(proposal))


@shared_task(name="workshops.summaries_remind")
def summaries_remind():
    """Remind the organisers of finished workshops whose summary is not filed yet."""
    return summary_reminders_send()


@shared_task(name="workshops.allocations_settle")
def allocations_settle_task():
    """Return the unspent awards of reported workshops once their claims are settled."""
    return allocations_settle()
