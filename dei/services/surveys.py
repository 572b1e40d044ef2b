"""Anonymous attendee surveys: opened for an event, answered through their link."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dei.enums import Gender
from dei.models import Survey, SurveyAnswer

ANSWER_FIELDS = (
    "experience",
    "inclusion",
    "first_time",
    "gender",
    "gender_self_described",
    "disability",
    "comment",
)


@transaction.atomic
def survey_open(*, event, by, opens_at, closes_at):
    """Open the attendee survey of an event, for the window given."""
    if not by.has_perm("dei.open_survey"):
        raise PermissionDenied
    if Survey.objects.filter(event=event).exists():
        raise ValidationError({"event": "This event has its survey already."})
    survey = Survey(event=event, opens_at=opens_at, closes_at=closes_at, created_by=by)
    survey.full_clean()
    survey.save()
    return survey


def survey_answer(*, survey, now=None, **answers):
    """Keep one attendee's answers, with nothing that could lead back to them:
    only the day is recorded, and the key is random."""
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"Not survey questions: {', '.join(sorted(unknown))}")
    now = now or timezone.now()
    if not survey.is_open(now):
        raise ValidationError("This survey is not open: it takes answers only while it runs.")
    answer = SurveyAnswer(survey=survey, answered_on=timezone.localdate(now), **answers)
    answer.comment = answer.comment.strip()
    answer.gender_self_described = (
        answer.gender_self_described.strip() if answer.gender == Gender.SELF_DESCRIBED else ""
    )
    answer.full_clean(exclude=["survey"])
    answer.save(force_insert=True)
    return answer
