from django.db import models
from django.urls import reverse

from events.enums import EventKind, EventStatus


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
