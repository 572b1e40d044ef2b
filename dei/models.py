import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dei.enums import (
    Agreement,
    ChecklistStatus,
    DiscTheme,
    DiscTier,
    FirstTime,
    Gender,
    IncidentAccessKind,
    IncidentStatus,
    InitiativeStatus,
    ItemStatus,
    YesNoPrefer,
)


class DiscItemQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(retired=False)


class DiscItem(models.Model):
    """One practice of the DISC guidelines for inclusive events. Workshop DEI plans
    commit to items of this list, and the event checklist grows from it; an item is
    retired rather than deleted, so past plans keep what they promised."""

    slug = models.SlugField(max_length=60, unique=True)
    text = models.CharField(max_length=300)
    tier = models.CharField(max_length=10, choices=DiscTier.choices)
    theme = models.CharField(max_length=10, choices=DiscTheme.choices, default=DiscTheme.CONDUCT)
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(default=False)

    objects = DiscItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = "DISC guideline item"

    def __str__(self):
        return self.text


class ChecklistTemplate(models.Model):
    """A version of the checklist template: the DISC items in use when it was made,
    as they read then. Editing the items makes a new version for the checklists
    opened afterwards; a checklist keeps the version it was opened from."""

    number = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"Checklist template, version {self.number}"


class TemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="items")
    disc_item = models.ForeignKey(DiscItem, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=300)
    tier = models.CharField(max_length=10, choices=DiscTier.choices)
    theme = models.CharField(max_length=10, choices=DiscTheme.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "disc_item"], name="template_item_once_per_version"
            ),
        ]

    def __str__(self):
        return self.text


class Checklist(models.Model):
    """The DEI checklist of one event (a workshop or a JupyterCon edition)."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.PROTECT, related_name="dei_checklist"
    )
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=ChecklistStatus.choices, default=ChecklistStatus.OPEN
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-event__start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=ChecklistStatus.OPEN)
                | models.Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="signed_off_checklist_names_who_and_when",
            ),
        ]

    def __str__(self):
        return f"DEI checklist of {self.event}"

    def get_absolute_url(self):
        return reverse("dei:checklist", kwargs={"event_slug": self.event.slug})

    def conflict_parties(self):
        """The event's organisers: the committee does not sign off its own members' plans."""
        organisers = set(self.event.organisers.all())
        return organisers, {person.affiliation for person in organisers if person.affiliation}


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    template_item = models.ForeignKey(TemplateItem, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    owner = models.ForeignKey(
        "membership.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organiser who sees to it.",
    )
    evidence = models.TextField(
        blank=True, max_length=2000, help_text="What shows it was done: a link, a photo, a note."
    )
    reason = models.TextField("why it does not apply", blank=True, max_length=2000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["checklist", "template_item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "template_item"], name="checklist_item_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ItemStatus.NOT_APPLICABLE) | ~models.Q(reason=""),
                name="not_applicable_item_has_a_reason",
                violation_error_message="Say why the item does not apply to this event.",
            ),
        ]

    def __str__(self):
        return self.template_item.text


def survey_token():
    return secrets.token_urlsafe(24)


class Survey(models.Model):
    """The anonymous attendee survey of an event, answered through an unguessable
    link while it is open."""

    event = models.OneToOneField("events.Event", on_delete=models.PROTECT, related_name="survey")
    token = models.CharField(max_length=64, unique=True, default=survey_token, editable=False)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
                violation_error_message="A survey must close after it opens.",
            ),
        ]

    def __str__(self):
        return f"Attendee survey of {self.event}"

    def get_absolute_url(self):
        return reverse("dei:survey", kwargs={"survey_pk": self.pk})

    def get_answer_url(self):
        return reverse("dei:survey_answer", kwargs={"token": self.token})

    def is_open(self, now):
        return self.opens_at <= now < self.closes_at


class SurveyAnswer(models.Model):
    """One attendee's answers. Nothing here can lead to a person: no account, no
    address, no browser, no time finer than the day, and a random key, so that two
    answers of one day cannot even be put in the order they came."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    answered_on = models.DateField()
    experience = models.PositiveSmallIntegerField(
        "I had a good experience at this event", choices=Agreement.choices, null=True, blank=True
    )
    inclusion = models.PositiveSmallIntegerField(
        "I felt welcome and included", choices=Agreement.choices, null=True, blank=True
    )
    first_time = models.CharField(
        "Was this your first event of the Jupyter community?",
        max_length=10,
        choices=FirstTime.choices,
        blank=True,
    )
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    gender_self_described = models.CharField(
        "your own description of your gender", max_length=100, blank=True
    )
    disability = models.CharField(
        "Do you have a disability?", max_length=10, choices=YesNoPrefer.choices, blank=True
    )
    comment = models.TextField(
        "anything else you want the organisers to know", max_length=4000, blank=True
    )

    class Meta:
        # No order: answers are a set.
        ordering = []

    def __str__(self):
        return f"An answer to {self.survey}"


class IncidentReport(models.Model):
    """A code-of-conduct incident report. Confidential: read only by the
    code-of-conduct responders who are not involved, through the services that
    write the access log; not in the admin, the API or any report but as counts."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_on = models.DateField("when it happened", null=True, blank=True)
    description = models.TextField("what happened", max_length=8000)
    people_involved = models.TextField(
        "who was involved", max_length=2000, blank=True, help_text="Names, as far as you know them."
    )
    named_people = models.ManyToManyField(
        "membership.Person",
        blank=True,
        related_name="+",
        help_text="People of the portal the report names: they may not read it.",
    )
    contact_name = models.CharField("your name", max_length=150, blank=True)
    contact_email = models.EmailField("your e-mail address", blank=True)
    status = models.CharField(
        max_length=16, choices=IncidentStatus.choices, default=IncidentStatus.RECEIVED
    )
    actions_taken = models.TextField(max_length=8000, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        default_permissions = ()

    def __str__(self):
        return f"Code-of-conduct report {self.pk}"

    def get_absolute_url(self):
        return reverse("dei:incident", kwargs={"incident_pk": self.pk})

    def conflict_parties(self):
        named = set(self.named_people.all())
        return named, {person.affiliation for person in named if person.affiliation}


class IncidentAccess(models.Model):
    """One read, change, export or erasure of an incident report, and by whom."""

    report = models.ForeignKey(IncidentReport, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=IncidentAccessKind.choices)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        default_permissions = ()

    def __str__(self):
        return f"{self.get_kind_display()}: report {self.report_id}"


class GlossaryEntry(models.Model):
    """A working definition of the public glossary, with where it comes from.
    Every edit is kept as a version."""

    slug = models.SlugField(max_length=40, unique=True)
    term = models.CharField(max_length=100)
    definition = models.TextField(max_length=4000)
    source = models.CharField(max_length=300, help_text="Where the definition comes from.")
    source_url = models.URLField("source address", blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["position", "term"]
        verbose_name_plural = "glossary entries"

    def __str__(self):
        return self.term


class Initiative(models.Model):
    """A DEI initiative the working group runs with the DEI committee."""

    title = models.CharField(max_length=200)
    goal = models.TextField(max_length=4000)
    owner = models.ForeignKey(
        "membership.Person", on_delete=models.PROTECT, related_name="dei_initiatives"
    )
    partners = models.CharField(
        max_length=500, blank=True, help_text="Organisations or groups it is run with."
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.PLANNED
    )
    outcomes = models.TextField(max_length=8000, blank=True)
    evidence = models.TextField(
        max_length=4000, blank=True, help_text="Links and figures that show the outcomes."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="initiative_ends_after_it_starts",
                violation_error_message="An initiative cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dei:initiative", kwargs={"initiative_pk": self.pk})


class TrainingSession(models.Model):
    """A training of event leaders on inclusive events, and who attended it."""

    topic = models.CharField(max_length=200)
    held_on = models.DateField()
    trainer = models.CharField(max_length=150)
    attendees = models.ManyToManyField("membership.Person", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "topic"]

    def __str__(self):
        return f"{self.topic} ({self.held_on:%Y-%m-%d})"


class MentorPair(models.Model):
    """An experienced organiser mentoring a new event leader."""

    mentor = models.ForeignKey("membership.Person", on_delete=models.PROTECT, related_name="+")
    mentee = models.ForeignKey("membership.Person", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")),
                name="mentor_is_not_their_own_mentee",
                violation_error_message="A person cannot mentor themselves.",
            ),
        ]

    def __str__(self):
        return f"{self.mentor} mentoring {self.mentee}"

    def get_absolute_url(self):
        return reverse("dei:mentoring", kwargs={"pair_pk": self.pk})


class MentorFollowUp(models.Model):
    pair = models.ForeignKey(MentorPair, on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField()
    note = models.TextField(max_length=2000)

    class Meta:
        ordering = ["pair", "-held_on", "-pk"]

    def __str__(self):
        return f"Follow-up of {self.pair} on {self.held_on:%Y-%m-%d}"
