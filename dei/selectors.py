"""Reads of the dei app, some of which other apps use."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from cwg_portal.policies import restrict
from dei.aggregates import survey_results
from dei.enums import (
    COUNTS_FOR_ESSENTIAL,
    COUNTS_FOR_STRETCH,
    SETTLED,
    ChecklistStatus,
    DiscTheme,
    DiscTier,
    IncidentStatus,
    ItemStatus,
)
from dei.models import (
    Checklist,
    ChecklistItem,
    DiscItem,
    GlossaryEntry,
    IncidentAccess,
    IncidentReport,
    Initiative,
    MentorPair,
    Survey,
    SurveyAnswer,
    TrainingSession,
)
from dei.suppression import SUPPRESSED, THRESHOLD
from membership.selectors import is_conflicted
from workshops.selectors import event_awaiting_dei_signoff


def disc_items_in_use():
    return DiscItem.objects.in_use()


# --- Checklists ----------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where a checklist stands against the DISC rule and towards completion."""

    total: int
    settled: int
    planned: int
    essential_missing: tuple[str, ...]
    stretch_reached: int

    @property
    def rule_holds(self):
        """Every essential item and at least one stretch item."""
        return not self.essential_missing and self.stretch_reached > 0

    @property
    def percent_settled(self):
        return round(100 * self.settled / self.total) if self.total else 0


def progress_of(items):
    items = list(items)
    essential_missing = tuple(
        item.template_item.text
        for item in items
        if item.template_item.tier == DiscTier.ESSENTIAL and item.status not in COUNTS_FOR_ESSENTIAL
    )
    return Progress(
        total=len(items),
        settled=sum(item.status in SETTLED for item in items),
        planned=sum(item.status == ItemStatus.PLANNED for item in items),
        essential_missing=essential_missing,
        stretch_reached=sum(
            item.template_item.tier == DiscTier.STRETCH and item.status in COUNTS_FOR_STRETCH
            for item in items
        ),
    )


def checklist_items(checklist):
    return checklist.items.select_related("template_item", "owner", "updated_by__person")


def items_by_theme(items):
    """[(theme label, [items])] in the themes' order, empty themes left out."""
    grouped = {theme: [] for theme in DiscTheme}
    for item in items:
        grouped[item.template_item.theme].append(item)
    return [(DiscTheme(theme).label, found) for theme, found in grouped.items() if found]


def checklist_of_event(event):
    return (
        Checklist.objects.select_related("event", "template", "signed_off_by__person")
        .filter(event=event)
        .first()
    )


def checklist_for_event_slug(event_slug):
    return Checklist.objects.select_related("event", "template", "signed_off_by__person").get(
        event__slug=event_slug
    )


def checklists_visible_to(user):
    """The checklists a person may see, each with its counts for the completion
    column (one query, however many checklists)."""
    checklists = Checklist.objects.select_related("event", "template").annotate(
        item_count=Count("items"),
        settled_count=Count("items", filter=Q(items__status__in=SETTLED)),
        planned_count=Count("items", filter=Q(items__status=ItemStatus.PLANNED)),
    )
    return restrict(checklists, user, "dei.see_checklist").order_by("-event__start_date")


def sign_off_refusal(user, checklist, progress=None):
    """Why this person cannot sign the checklist off now; None when they can."""
    if not user.has_perm("dei.sign_off_checklist", checklist):
        return "Only the DEI committee signs off a checklist still awaiting sign-off."
    person = getattr(user, "person", None)
    if person is not None and is_conflicted(person, checklist):
        return (
            "You organise this event or declared a conflict of interest with it: "
            "another member of the committee signs it off."
        )
    progress = progress or progress_of(checklist_items(checklist))
    if not progress.rule_holds:
        return (
            "The plan does not meet the rule yet: every essential item and at least "
            "one stretch item are planned or done."
        )
    return None


def items_planned(event):
    """The items of the event's checklist still only planned."""
    return ChecklistItem.objects.filter(checklist__event=event, status=ItemStatus.PLANNED)


def summary_refusal(event):
    """Why the event's post-event summary cannot be filed yet: items of its DEI
    checklist still only planned, whose outcome the organisers have not recorded."""
    planned = list(items_planned(event).values_list("template_item__text", flat=True))
    if not planned:
        return None
    return (
        "Record on the DEI checklist what became of each planned item (done, or "
        f"not applicable and why) before filing the summary. Still planned: {'; '.join(planned)}."
    )


def checklist_payment_hold(claim):
    """The payment hold dei contributes: a claim against a workshop whose call
    requires the DEI committee's sign-off waits until the checklist is signed off."""
    event_id = event_awaiting_dei_signoff(claim.allocation_id)
    if event_id is None:
        return None
    signed = Checklist.objects.filter(event_id=event_id, status=ChecklistStatus.SIGNED_OFF)
    if signed.exists():
        return None
    return (
        "Payment waits for the DEI committee to sign off the DEI checklist of this "
        "workshop: its call requires the sign-off before claims are paid."
    )


# --- Surveys -------------------------------------------------------------------

AGGREGATED_FIELDS = ("experience", "inclusion", "first_time", "gender", "disability")


def surveys_visible_to(user):
    surveys = Survey.objects.select_related("event").annotate(answer_count=Count("answers"))
    return restrict(surveys, user, "dei.see_survey").order_by("-closes_at")


def answer_count_shown(count):
    """How many answered, as a page may say it."""
    return SUPPRESSED if count < THRESHOLD else count


def results_of(survey):
    return survey_results(survey.answers.values(*AGGREGATED_FIELDS))


def comments_of(survey):
    """What attendees wrote in their own words, for the DEI committee: in the
    order of the answers' random keys, which is no order at all."""
    return [
        (answer.gender_self_described, answer.comment)
        for answer in SurveyAnswer.objects.filter(survey=survey)
        .exclude(comment="", gender_self_described="")
        .order_by("id")
    ]


def survey_by_token(token):
    return Survey.objects.select_related("event").get(token=token)


# --- Code-of-conduct reports -----------------------------------------------------


def incidents_readable_by(user):
    """The reports this person may open: none unless a responder, and never one
    they are involved in. A list, since involvement is decided report by report."""
    if not user.has_perm("dei.list_incidents"):
        return []
    reports = IncidentReport.objects.select_related("event").prefetch_related("named_people__user")
    return [report for report in reports if user.has_perm("dei.read_incident", report)]


def incidents_open(user):
    return [r for r in incidents_readable_by(user) if r.status != IncidentStatus.RESOLVED]


def incident_access_log(user, *, limit=200):
    """Who read, changed, exported or erased which report and when: for the
    responders, without any of the reports' content."""
    if not user.has_perm("dei.list_incidents"):
        return IncidentAccess.objects.none()
    return IncidentAccess.objects.select_related("user__person")[:limit]


def incident_counts(start, end):
    """The only figures that leave the responders: reports by quarter and status."""
    rows = (
        IncidentReport.objects.filter(received_at__date__range=(start, end))
        .annotate(quarter=TruncQuarter("received_at"))
        .values("quarter", "status")
        .annotate(count=Count("pk"))
        .order_by("quarter", "status")
    )
    return [
        {
            "quarter": f"{row['quarter']:%Y}Q{(row['quarter'].month - 1) // 3 + 1}",
            "status": IncidentStatus(row["status"]).label,
            "count": row["count"],
        }
        for row in rows
    ]


# --- Dashboards and the quarterly report ------------------------------------------

BEHIND_SCHEDULE_DAYS = 30
SURVEY_CLOSING_DAYS = 7


def checklists_behind_schedule(user, *, today=None):
    """Checklists of events starting within a month whose essential items are not
    all decided, and of events over whose items are still only planned."""
    today = today or timezone.localdate()
    undecided_essential = Q(
        items__status=ItemStatus.OPEN, items__template_item__tier=DiscTier.ESSENTIAL
    )
    soon = Q(event__start_date__range=(today, today + timedelta(days=BEHIND_SCHEDULE_DAYS)))
    over = Q(event__end_date__lt=today, items__status=ItemStatus.PLANNED)
    return (
        checklists_visible_to(user)
        .filter((soon & undecided_essential) | over)
        .distinct()
        .order_by("event__start_date")
    )


def sign_offs_waiting(user):
    return restrict(
        Checklist.objects.select_related("event"), user, "dei.sign_off_checklist"
    ).order_by("event__start_date")


def surveys_closing(user, *, now=None):
    now = now or timezone.now()
    return (
        surveys_visible_to(user)
        .filter(
            opens_at__lte=now,
            closes_at__gt=now,
            closes_at__lte=now + timedelta(days=SURVEY_CLOSING_DAYS),
        )
        .order_by("closes_at")
    )


def report_figures(start, end):
    """The DEI section of the quarterly report: checklist completion of the events
    held, the aggregate results of the surveys that closed (suppressed, without
    anything attendees wrote), and code-of-conduct reports as counts only."""
    checklists = (
        Checklist.objects.filter(event__start_date__range=(start, end))
        .select_related("event", "template")
        .prefetch_related("items__template_item")
        .order_by("event__start_date")
    )
    surveys = Survey.objects.filter(closes_at__date__range=(start, end)).select_related("event")
    return {
        "checklists": [
            {
                "event": checklist.event.title,
                "rule_holds": (progress := progress_of(checklist.items.all())).rule_holds,
                "settled": progress.settled,
                "total": progress.total,
                "signed_off": checklist.status == ChecklistStatus.SIGNED_OFF,
            }
            for checklist in checklists
        ],
        "surveys": [
            {"event": survey.event.title, "results": results_of(survey)} for survey in surveys
        ],
        "initiatives": [
            {
                "title": initiative.title,
                "owner": initiative.owner.display_name,
                "partners": initiative.partners,
                "status": initiative.get_status_display(),
                "outcomes": initiative.outcomes,
            }
            for initiative in initiatives_in(start, end)
        ],
        "trainings": [
            {
                "topic": session.topic,
                "held_on": session.held_on.isoformat(),
                "attendees": session.attendee_count,
            }
            for session in TrainingSession.objects.filter(held_on__range=(start, end)).annotate(
                attendee_count=Count("attendees")
            )
        ],
        "incidents": incident_counts(start, end),
    }


# --- Glossary ------------------------------------------------------------------


def glossary():
    return GlossaryEntry.objects.all()


def glossary_versions(entry):
    return entry.history.select_related("history_user__person").order_by("-history_date")


# --- Initiatives -------------------------------------------------------------


def initiatives_visible_to(user):
    if not user.has_perm("dei.see_initiatives"):
        return Initiative.objects.none()
    return Initiative.objects.select_related("owner")


def initiatives_in(start, end):
    """The initiatives under way at some point of a period."""
    return (
        Initiative.objects.select_related("owner")
        .filter(starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .order_by("starts_on", "title")
    )


# --- Training and mentoring -------------------------------------------------------


def training_sessions():
    return TrainingSession.objects.prefetch_related("attendees")


def mentor_pairs():
    return MentorPair.objects.select_related("mentor", "mentee").prefetch_related("follow_ups")


def training_of(person):
    """The training sessions a person attended: what a leader's profile and the
    chair's view of a proposal show of them."""
    return TrainingSession.objects.filter(attendees=person).order_by("-held_on")
