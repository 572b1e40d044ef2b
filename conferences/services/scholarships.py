"""Scholarships and travel grants: the call, applications, and awards that stay
within the call's envelope even when two are decided at the same moment."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from conferences.enums import ApplicationStatus
from conferences.models import ScholarshipApplication, ScholarshipCall
from conferences.selectors import envelope_left
from conferences.services import require
from membership.services.conflicts import refuse_if_conflicted


@transaction.atomic
def scholarship_call_open(*, edition, description, opens_on, closes_on, envelope, by):
    require(by, "conferences.manage_edition")
    call = ScholarshipCall(
        edition=edition,
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        envelope=envelope,
        currency=edition.fund.currency,
        opened_by=by,
    )
    call.full_clean()
    call.save()
    return call


@transaction.atomic
def application_submit(*, call, applicant, kind, need, statement, amount_asked):
    """Apply to an open call, once."""
    today = timezone.localdate()
    if not call.opens_on <= today <= call.closes_on:
        raise ValidationError("The call is not open for applications.")
    application = ScholarshipApplication(
        call=call,
        applicant=applicant,
        kind=kind,
        need=need,
        statement=statement,
        amount_asked=amount_asked,
    )
    application.full_clean()
    application.save()
    return application


def application_award(*, application, amount, by):
    """Award an amount, refused beyond what the envelope has left, and to a member
    the conflict register stands aside (their recusal is recorded)."""
    refuse_if_conflicted(user=by, item=application, what="application")
    return _award(application=application, amount=amount, by=by)


@transaction.atomic
def _award(*, application, amount, by):
    # The call's row is locked first, so two awards decided together are checked
    # one after the other against what the first left.
    require(by, "conferences.decide_application", application)
    call = ScholarshipCall.objects.select_for_update().get(pk=application.call_id)
    application = ScholarshipApplication.objects.select_for_update().get(pk=application.pk)
    _refuse_decided(application)
    left = envelope_left(call)
    if amount > left:
        raise ValidationError(
            {"amount": f"Only {left} {call.currency} is left in the envelope of {call.edition}."}
        )
    application.amount_awarded = amount
    return _decide(application, ApplicationStatus.AWARDED, by)


def application_decline(*, application, by):
    refuse_if_conflicted(user=by, item=application, what="application")
    return _decline(application=application, by=by)


@transaction.atomic
def _decline(*, application, by):
    require(by, "conferences.decide_application", application)
    application = ScholarshipApplication.objects.select_for_update().get(pk=application.pk)
    _refuse_decided(application)
    return _decide(application, ApplicationStatus.DECLINED, by)


def _refuse_decided(application):
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            f"The application is already {application.get_status_display().lower()}."
        )


def _decide(application, status, by):
    application.status = status
    application.decided_by = by
    application.decided_at = timezone.now()
    application.full_clean()
    application.save()
    return application
