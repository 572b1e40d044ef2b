import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from reporting.enums import (
    FINISHED,
    BuildState,
    PostStatus,
    ReportStatus,
    ReviewAction,
    Verdict,
)


class Report(models.Model):
    """The report to the Executive Council for one period (`2026Q3`, `2026H2`)."""

    period = models.CharField(max_length=7, unique=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    shepherd = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shepherded_reports",
    )
    # What the chair sent the council; its reviews are of this version.
    submitted_version = models.ForeignKey(
        "ReportVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="report_period_in_order",
                violation_error_message="A period ends after it starts.",
            )
        ]

    def __str__(self):
        return f"Report {self.period}"

    def get_absolute_url(self):
        return reverse("reporting:report", kwargs={"period": self.period})


class ReportVersion(models.Model):
    """The figures of one build, frozen with the report rendered from them.
    Nothing edits a version: new data makes a new one."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    # The figures' digest together with the version they follow: two builds of
    # the same data at the same moment meet on this key and make one version.
    fingerprint = models.CharField(max_length=64)
    figures = models.JSONField()
    # Each section's figures as the report showed them when built: {key: HTML}.
    rendered = models.JSONField()
    built_at = models.DateTimeField(auto_now_add=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number"),
            models.UniqueConstraint(
                fields=["report", "fingerprint"], name="report_version_fingerprint"
            ),
        ]

    def __str__(self):
        return f"{self.report.period} version {self.number}"

    def get_absolute_url(self):
        return reverse(
            "reporting:version", kwargs={"period": self.report.period, "number": self.number}
        )


class ReportBuild(models.Model):
    """One request to build a report, and how far its job has gone; its id is
    the task id the page and the API follow."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="builds")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=BuildState.choices, default=BuildState.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    version = models.ForeignKey(
        ReportVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Build of {self.report.period} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("reporting:build_progress", kwargs={"build_pk": self.pk})

    @property
    def is_finished(self):
        return self.state in FINISHED


class SectionNarrative(models.Model):
    """The chair's words on one section of a report, beside its figures: a
    public text and a note for the council only (Markdown)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    section = models.CharField(max_length=50)
    public_text = models.TextField(blank=True)
    council_text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "section"], name="one_narrative_per_section")
        ]

    def __str__(self):
        return f"{self.report.period}: {self.section}"


class SectionReview(models.Model):
    """A council member's pre-approval or flag on one section of the version
    the chair submitted; a member changes their mind by reviewing again."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="reviews")
    section = models.CharField(max_length=50)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "section", "reviewer"], name="one_review_per_section_and_member"
            )
        ]

    def __str__(self):
        return f"{self.get_verdict_display()}: {self.section} of {self.version}"


class ReviewComment(models.Model):
    """A comment on a section, or an answer in its thread (`parent`)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=50)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment on {self.section} of {self.report.period}"


class ReviewEvent(models.Model):
    """One step of a report's review, kept for its timeline."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="timeline")
    action = models.CharField(max_length=20, choices=ReviewAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    section = models.CharField(max_length=50, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report.period}: {self.get_action_display()}"


class BlogPost(models.Model):
    """The annual public post, drafted from the year's accepted reports."""

    year = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:post", kwargs={"year": self.year})
