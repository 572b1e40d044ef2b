from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from budget.validators import CURRENCY_CHOICES, validate_cents, validate_currency
from events.enums import EngagementStatus, EventKind, EventStatus, NoteKind, TaskStatus


class Event(models.Model):
    """One gathering the group runs or funds: a workshop, a JupyterCon, or another event."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    status = models.CharField(
        max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNING
    )
    summary = models.TextField(blank=True, max_length=4000)
    start_date = models.DateField()
    end_date = models.DateField()
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    is_online = models.BooleanField("online", default=False)
    organisers = models.ManyToManyField(
        "membership.Person", related_name="organised_events", blank=True
    )
    lead_contact = models.ForeignKey(
        "membership.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_events",
        help_text="The organiser the group and the staff write to first.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_it_starts",
                violation_error_message="An event cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(is_online=True) | ~models.Q(city=""),
                name="event_has_a_place",
                violation_error_message="An event in person needs a city.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def place(self):
        where = ", ".join(part for part in (self.city, self.country) if part)
        if self.is_online:
            return f"Online and {where}" if where else "Online"
        return where


class StaffMember(models.Model):
    """A professional who plans events for the group, through the fiscal sponsor
    or a contractor."""

    person = models.OneToOneField(
        "membership.Person", on_delete=models.PROTECT, related_name="staff_member"
    )
    organisation = models.CharField(max_length=200)
    role = models.CharField("role or job title", max_length=200)
    contact = models.CharField(max_length=200, blank=True, help_text="E-mail or phone.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__display_name"]

    def __str__(self):
        return f"{self.person} ({self.organisation})"


class EngagementQuerySet(models.QuerySet):
    def in_force(self, on):
        """Signed engagements whose dates cover the day `on`."""
        return self.filter(status=EngagementStatus.SIGNED, starts_on__lte=on, ends_on__gte=on)


class Engagement(models.Model):
    """A staff member's contract with the group: what they do, for which events,
    from when to when, and for what fee. While it is in force the staff member
    holds the events-staff role."""

    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="engagements"
    )
    scope = models.TextField(max_length=4000)
    events = models.ManyToManyField(Event, related_name="engagements", blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    fee = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[validate_cents, MinValueValidator(Decimal("0.00"))],
    )
    currency = models.CharField(
        max_length=3, choices=CURRENCY_CHOICES, validators=[validate_currency], default="USD"
    )
    status = models.CharField(
        max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="engagement_ends_after_it_starts",
                violation_error_message="An engagement cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.staff_member.person}: {self.starts_on:%d %b %Y} to {self.ends_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("events:engagement", kwargs={"pk": self.pk})


class CommunicationNote(models.Model):
    """A meeting with a staff member, or a note of an exchange, in the
    engagement's communication log."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices, default=NoteKind.MEETING)
    held_on = models.DateField()
    summary = models.TextField(max_length=4000)
    attendees = models.ManyToManyField("membership.Person", related_name="+", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


class Task(models.Model):
    """One card on an event's task board."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=4000, blank=True)
    owner = models.ForeignKey(
        "membership.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_tasks",
    )
    due_on = models.DateField("due date", null=True, blank=True)
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:task", kwargs={"slug": self.event.slug, "pk": self.pk})


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment on {self.task}"
