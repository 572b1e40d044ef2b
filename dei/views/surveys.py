"""Attendee surveys: the public page that takes answers through the survey's
link, and the results, only ever in aggregate."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from rules.contrib.views import permission_required

from cwg_portal.access import require_perm
from cwg_portal.forms import add_service_error
from dei import selectors
from dei.forms import SurveyAnswerForm, SurveyForm
from dei.models import Survey
from dei.services.surveys import survey_answer, survey_open
from events.enums import EventStatus
from events.selectors import events


def _answered_cookie(survey):
    # The same value in every browser: it says "this browser answered", not who.
    return f"dei_survey_{survey.pk}"


@permission_required("dei.list_surveys", raise_exception=True)
def survey_list(request):
    surveys = [
        (survey, selectors.answer_count_shown(survey.answer_count))
        for survey in selectors.surveys_visible_to(request.user)
    ]
    return render(request, "dei/survey_list.html", {"surveys": surveys})


@permission_required("dei.open_survey", raise_exception=True)
def survey_create(request):
    choices = events().exclude(status=EventStatus.CANCELLED).filter(survey__isnull=True)
    form = SurveyForm(request.POST or None, events=choices)
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_open(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The survey is ready: share its link with the attendees.")
            return redirect(survey)
    return render(request, "dei/survey_form.html", {"form": form})


def survey_detail(request, survey_pk):
    survey = get_object_or_404(selectors.surveys_visible_to(request.user), pk=survey_pk)
    require_perm(request.user, "dei.see_survey", survey)
    may_read_comments = request.user.has_perm("dei.read_survey_comments")
    context = {
        "survey": survey,
        "event": survey.event,
        "results": selectors.results_of(survey),
        "is_open": survey.is_open(timezone.now()),
        "answer_url": request.build_absolute_uri(survey.get_answer_url()),
        "comments": selectors.comments_of(survey) if may_read_comments else None,
    }
    return render(request, "dei/survey_detail.html", context)


@login_not_required
def survey_answer_page(request, token):
    try:
        survey = selectors.survey_by_token(token)
    except Survey.DoesNotExist as missing:
        raise Http404("No survey has this address.") from missing
    cookie = _answered_cookie(survey)
    context = {"survey": survey, "event": survey.event}
    if request.COOKIES.get(cookie):
        return render(request, "dei/survey_answered.html", context)
    if not survey.is_open(timezone.now()):
        return render(request, "dei/survey_closed.html", context)
    form = SurveyAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(survey=survey, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            response = render(request, "dei/survey_answered.html", {**context, "thanks": True})
            response.set_cookie(
                cookie,
                "1",
                max_age=int((survey.closes_at - timezone.now()).total_seconds()) + 86400,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
    return render(request, "dei/survey_answer.html", {**context, "form": form})
