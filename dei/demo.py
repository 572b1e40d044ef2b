"""The DEI work's demo data: a checklist for every workshop and JupyterCon, the
attendee survey of the past workshop, with enough answers to show results and a
few groups small enough to be suppressed, a code-of-conduct report, two
initiatives, and a training session and a mentoring pair."""

from datetime import timedelta

from django.utils import timezone

from cwg_portal.roles import Role
from dei.enums import (
    CHECKLIST_EVENT_KINDS,
    Agreement,
    FirstTime,
    Gender,
    InitiativeStatus,
    YesNoPrefer,
)
from dei.models import IncidentReport
from dei.selectors import initiatives_visible_to, surveys_visible_to, training_sessions
from dei.services.checklists import checklist_ensure
from dei.services.incidents import incident_file
from dei.services.initiatives import initiative_create
from dei.services.surveys import survey_answer, survey_open
from dei.services.training import mentoring_follow_up, mentoring_start, training_record
from events.enums import EventStatus
from events.selectors import events

# (how many, inclusion, first time, gender, disability, comment)
SURVEY_ANSWERS = [
    (7, Agreement.STRONGLY_AGREE, FirstTime.YES, Gender.WOMAN, YesNoPrefer.NO, ""),
    (6, Agreement.AGREE, FirstTime.NO, Gender.MAN, YesNoPrefer.NO, ""),
    (5, Agreement.AGREE, FirstTime.YES, Gender.MAN, YesNoPrefer.NO, ""),
    (2, Agreement.NEUTRAL, FirstTime.NO, Gender.NON_BINARY, YesNoPrefer.YES, ""),
    (1, Agreement.DISAGREE, FirstTime.PREFER_NOT, Gender.PREFER_NOT, YesNoPrefer.PREFER_NOT, ""),
    (1, Agreement.AGREE, FirstTime.YES, "", "", "Interpretation made all the difference."),
]


def _survey(committee):
    past = events().filter(status=EventStatus.COMPLETED, kind__in=CHECKLIST_EVENT_KINDS).first()
    if past is None or surveys_visible_to(committee).filter(event=past).exists():
        return
    opens_at = timezone.make_aware(
        timezone.datetime.combine(past.end_date, timezone.datetime.min.time())
    )
    survey = survey_open(
        event=past, by=committee, opens_at=opens_at, closes_at=opens_at + timedelta(days=21)
    )
    answering = opens_at + timedelta(days=2)
    for count, inclusion, first_time, gender, disability, comment in SURVEY_ANSWERS:
        for _ in range(count):
            survey_answer(
                survey=survey,
                now=answering,
                experience=inclusion,
                inclusion=inclusion,
                first_time=first_time,
                gender=gender,
                disability=disability,
                comment=comment,
            )


def _incident():
    """One report in the responders' hands, naming nobody of the demo."""
    if IncidentReport.objects.exists():
        return
    incident_file(
        description="During the sprint's closing session, a participant made repeated "
        "remarks about another participant's accent.",
        people_involved="A participant (name unknown) and the speaker.",
        contact_email="reporter@example.org",
    )


def _initiatives(committee):
    if initiatives_visible_to(committee).exists():
        return
    today = timezone.localdate()
    initiative_create(
        by=committee,
        title="Mentoring for first-time workshop organisers",
        goal="Pair every first-time lead organiser with an experienced one for their workshop.",
        owner=committee.person,
        partners="PyLadies",
        starts_on=today - timedelta(days=200),
        status=InitiativeStatus.ACTIVE,
        outcomes="Four pairs so far; three workshops held.",
        evidence="Follow-up notes kept with each pair.",
    )
    initiative_create(
        by=committee,
        title="Captioning fund for online sessions",
        goal="Pay live captions for every online session of funded workshops.",
        owner=committee.person,
        starts_on=today + timedelta(days=30),
    )


def _training(users):
    committee = users[Role.DEI_COMMITTEE]
    if training_sessions().exists():
        return
    today = timezone.localdate()
    training_record(
        by=committee,
        topic="Running an inclusive workshop: the DISC checklist in practice",
        held_on=today - timedelta(days=60),
        trainer=committee.person.display_name,
        attendees=[users[Role.COMMUNITY].person, users[Role.CWG_MEMBER].person],
    )
    pair = mentoring_start(
        by=committee,
        mentor=users[Role.CWG_MEMBER].person,
        mentee=users[Role.COMMUNITY].person,
        started_on=today - timedelta(days=45),
    )
    mentoring_follow_up(
        pair=pair,
        by=committee,
        held_on=today - timedelta(days=15),
        note="Went through the venue's accessibility and the outreach plan.",
    )


def seed(demo):
    for event in (
        events().filter(kind__in=CHECKLIST_EVENT_KINDS).exclude(status=EventStatus.CANCELLED)
    ):
        checklist_ensure(event=event)
    _survey(demo.users[Role.DEI_COMMITTEE])
    _incident()
    _initiatives(demo.users[Role.DEI_COMMITTEE])
    _training(demo.users)
