"""Factories of attendee surveys: a survey open now, and answers given through
the service as an attendee would give them."""

import datetime

from django.utils import timezone

from cwg_portal.roles import Role
from dei.services.surveys import survey_answer, survey_open
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory


def open_survey(*, event=None, by=None, days=7):
    now = timezone.now()
    return survey_open(
        event=event or EventFactory(),
        by=by or UserFactory(roles=[Role.DEI_COMMITTEE]),
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=days),
    )


def answered(survey, count, **answers):
    return [survey_answer(survey=survey, **answers) for _ in range(count)]
