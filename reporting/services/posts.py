"""The annual public post: a Markdown draft made from the public part of the
year's accepted reports, edited and reviewed by the group, published by the chair."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from reporting import figures as report_figures
from reporting.enums import PostStatus, ReportStatus
from reporting.models import BlogPost, Report

# Review goes one step at a time: a draft to review, a post in review to approved.
NEXT_IN_REVIEW = {PostStatus.DRAFT: PostStatus.IN_REVIEW, PostStatus.IN_REVIEW: PostStatus.APPROVED}


def _counts(section):
    """The section's year-to-date counts and sums, without any name of a person:
    only figures that are numbers, named by where they sit."""
    lines = []
    for path, value in report_figures.flat_span(section["year_to_date"]):
        if isinstance(value, bool) or not _is_number(value):
            continue
        lines.append(f"- {' / '.join(path).replace('_', ' ')}: {value}")
    return lines


def _is_number(value):
    if isinstance(value, int | float):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def draft_text(year):
    """The draft's Markdown: the chair's public narratives of each accepted report
    of the year, and the year's figures as of the last of them."""
    reports = list(
        Report.objects.filter(status=ReportStatus.ACCEPTED, starts_on__year=year)
        .select_related("submitted_version")
        .prefetch_related("narratives")
        .order_by("starts_on")
    )
    if not reports:
        raise ValidationError(
            f"No report of {year} is accepted yet: there is nothing to draft from."
        )
    lines = [f"The Community Working Group's year {year}, from its reports to the council.", ""]
    for report in reports:
        narratives = [n.public_text for n in report.narratives.all() if n.public_text]
        if narratives:
            lines += [f"## {report.period}", "", *[f"{text}\n" for text in narratives]]
    lines += [f"## The year in figures (to {reports[-1].ends_on:%Y-%m-%d})", ""]
    for section in reports[-1].submitted_version.figures["sections"]:
        counted = _counts(section)
        if counted:
            lines += [f"### {section['title']}", "", *counted, ""]
    return "\n".join(lines).rstrip() + "\n"


def post_draft(*, year, by):
    """Start the year's post from its accepted reports; a second call finds it."""
    if not by.has_perm("reporting.edit_post"):
        raise PermissionDenied("Only the working group drafts the annual post.")
    with transaction.atomic():
        post, _ = BlogPost.objects.get_or_create(
            year=year,
            defaults={
                "title": f"The Community Working Group in {year}",
                "body": draft_text(year),
                "updated_by": by,
            },
        )
    return post


def _locked(post, by, perm, refusal):
    locked = BlogPost.objects.select_for_update().get(pk=post.pk)
    if not by.has_perm(perm, locked):
        raise PermissionDenied(refusal)
    return locked


def post_edit(*, post, title, body, by):
    if not title.strip() or not body.strip():
        raise ValidationError("The post needs a title and a text.")
    with transaction.atomic():
        locked = _locked(post, by, "reporting.edit_post", "Only a draft is edited.")
        locked.title, locked.body, locked.updated_by = title.strip(), body.strip() + "\n", by
        locked.save(update_fields=["title", "body", "updated_by", "updated_at"])
    return locked


def post_advance(*, post, by):
    """Send a draft to review, or approve a post in review."""
    with transaction.atomic():
        locked = _locked(post, by, "reporting.review_post", "The post is past review.")
        locked.status = NEXT_IN_REVIEW[locked.status]
        locked.save(update_fields=["status", "updated_at"])
    return locked


def post_publish(*, post, by):
    """Publish the approved post on the public blog and its feed."""
    with transaction.atomic():
        locked = _locked(
            post, by, "reporting.publish_post", "The chair publishes an approved post."
        )
        locked.status = PostStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
    return locked
