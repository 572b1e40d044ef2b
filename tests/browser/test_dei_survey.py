"""An attendee answers the anonymous survey of an event in a real browser, without
an account; the same browser cannot answer twice."""

import pytest
from playwright.sync_api import expect

from dei.enums import Agreement, FirstTime
from dei.models import SurveyAnswer
from tests.browser.conftest import assert_accessible
from tests.factories.dei_surveys import open_survey
from tests.factories.events import EventFactory

pytestmark = pytest.mark.browser


def test_an_anonymous_attendee_answers_the_survey_once(page, live_server, transactional_db):
    survey = open_survey(event=EventFactory(title="JupyterCon 2027"))

    page.goto(f"/dei/survey/{survey.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("How was JupyterCon 2027?")
    page.get_by_role("group", name="I felt welcome and included").get_by_label(
        "Strongly agree"
    ).check()
    page.get_by_label("Yes, my first").check()
    page.get_by_role("group", name="Gender").get_by_label("Prefer not to say").check()
    page.get_by_label("Anything else you want the organisers to know").fill("More quiet rooms.")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page)
    answer = SurveyAnswer.objects.get()
    assert (answer.inclusion, answer.first_time, answer.gender, answer.comment) == (
        Agreement.STRONGLY_AGREE,
        FirstTime.YES,
        "prefer_not",
        "More quiet rooms.",
    )

    page.goto(f"/dei/survey/{survey.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have answered this survey")
    assert SurveyAnswer.objects.count() == 1
