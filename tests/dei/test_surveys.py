"""Anonymous attendee surveys: an answer row that leads to nobody, answers taken
only while the survey is open, once per browser, results only in aggregate."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cwg_portal.roles import Role
from dei.enums import Agreement, FirstTime, Gender
from dei.models import SurveyAnswer
from dei.selectors import results_of
from dei.services.surveys import survey_answer
from dei.suppression import SUPPRESSED
from tests.dei.recovery import recoverable
from tests.factories.dei_surveys import answered, open_survey
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory

pytestmark = pytest.mark.django_db

QUESTIONS = {
    "experience",
    "inclusion",
    "first_time",
    "gender",
    "gender_self_described",
    "disability",
    "comment",
}


def test_an_answer_row_has_no_column_that_could_lead_to_a_person():
    fields = {field.name: field for field in SurveyAnswer._meta.concrete_fields}

    assert set(fields) == {"id", "survey", "answered_on", *QUESTIONS}
    assert isinstance(fields["id"], models.UUIDField)
    assert type(fields["answered_on"]) is models.DateField
    assert [f.name for f in fields.values() if f.is_relation] == ["survey"]
    assert not any(isinstance(f, models.DateTimeField) for f in fields.values())


def test_two_answers_of_one_day_cannot_be_put_in_order():
    survey = open_survey()

    first, second = answered(survey, 2, inclusion=Agreement.AGREE)

    assert SurveyAnswer._meta.ordering == []
    assert first.answered_on == second.answered_on == timezone.localdate()
    assert (first.id.version, second.id.version) == (4, 4)
    rows = SurveyAnswer.objects.filter(survey=survey).values(*(QUESTIONS | {"answered_on"}))
    # Apart from the random key, the two rows are the same: nothing tells which came first.
    assert rows[0] == rows[1]


def test_survey_answer_keeps_the_self_description_only_with_its_choice():
    survey = open_survey()

    answer = survey_answer(
        survey=survey, gender=Gender.WOMAN, gender_self_described="  anything  ", comment=" ok "
    )

    assert (answer.gender_self_described, answer.comment) == ("", "ok")


@pytest.mark.parametrize("shift", [datetime.timedelta(days=-9), datetime.timedelta(days=9)])
def test_survey_answer_outside_its_window_is_refused(shift):
    survey = open_survey()

    with pytest.raises(ValidationError) as raised:
        survey_answer(survey=survey, now=timezone.now() + shift, inclusion=Agreement.AGREE)

    assert raised.value.messages == [
        "This survey is not open: it takes answers only while it runs."
    ]
    assert SurveyAnswer.objects.count() == 0


def test_results_hide_small_groups_and_whatever_would_reveal_them():
    survey = open_survey()
    answered(survey, 9, inclusion=Agreement.AGREE, first_time=FirstTime.NO, gender=Gender.MAN)
    answered(survey, 6, inclusion=Agreement.STRONGLY_AGREE, first_time=FirstTime.YES)
    answered(survey, 2, inclusion=Agreement.DISAGREE, first_time=FirstTime.YES)

    results = results_of(survey)

    assert results["answers"] == 17
    inclusion = results["tables"][1]
    assert inclusion["rows"][0]["cells"][1] == SUPPRESSED  # the 2 who disagreed
    assert recoverable(results) == []


def answer_form(**fields):
    return {"comment": "", "gender_self_described": "", **fields}


def test_public_answer_page_takes_one_answer_per_browser(client):
    survey = open_survey()
    url = f"/dei/survey/{survey.token}/"

    first = client.post(url, answer_form(inclusion="4", first_time=FirstTime.YES))
    second = client.post(url, answer_form(inclusion="1"))

    assert "Thank you" in first.content.decode()
    cookie = first.cookies[f"dei_survey_{survey.pk}"]
    assert cookie.value == "1"
    assert cookie["httponly"] is True
    assert "You have answered this survey" in second.content.decode()
    assert list(SurveyAnswer.objects.values_list("inclusion", "first_time")) == [(4, "yes")]


def test_public_answer_page_of_a_closed_survey_takes_nothing(client):
    survey = open_survey()
    survey.closes_at = survey.opens_at + datetime.timedelta(minutes=1)
    survey.save()

    response = client.post(f"/dei/survey/{survey.token}/", answer_form(inclusion="4"))

    assert "This survey is not open" in response.content.decode()
    assert SurveyAnswer.objects.count() == 0


def test_public_answer_page_with_a_wrong_token_is_not_found(client):
    open_survey()

    response = client.get(f"/dei/survey/{uuid.uuid4().hex}/")

    assert response.status_code == 404


def test_results_page_shows_attendees_words_to_the_committee_only(client):
    committee = UserFactory(roles=[Role.DEI_COMMITTEE])
    survey = open_survey(by=committee)
    answered(survey, 6, inclusion=Agreement.AGREE, comment="The quiet room helped.")

    client.force_login(committee)
    for_committee = client.get(f"/dei/surveys/{survey.pk}/").content.decode()
    client.force_login(UserFactory(roles=[Role.EVENTS_STAFF]))
    for_staff = client.get(f"/dei/surveys/{survey.pk}/").content.decode()

    assert "The quiet room helped." in for_committee
    assert "The quiet room helped." not in for_staff
    assert "fewer than 5" in for_staff


def test_api_results_are_suppressed_as_on_the_page(client):
    committee = UserFactory(roles=[Role.DEI_COMMITTEE])
    survey = open_survey(by=committee)
    answered(survey, 7, inclusion=Agreement.AGREE, comment="Never in the API.")
    answered(survey, 3, inclusion=Agreement.NEUTRAL)
    client.force_login(committee)

    response = client.get(f"/api/v1/dei/surveys/{survey.pk}/results/")

    body = response.json()
    assert body == results_of(survey)
    assert body["tables"][1]["rows"][0]["cells"][2] == SUPPRESSED
    assert "Never in the API." not in response.content.decode()


@pytest.mark.parametrize("size", [1, 3])
def test_api_survey_list_query_count_is_independent_of_size(
    size, client, django_assert_num_queries
):
    committee = UserFactory(roles=[Role.DEI_COMMITTEE])
    for _ in range(size):
        open_survey(event=EventFactory(), by=committee)
    client.force_login(committee)

    with django_assert_num_queries(7):
        response = client.get("/api/v1/dei/surveys/")

    assert response.json()["count"] == size
