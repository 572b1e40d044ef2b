"""Calls for proposals: the chair opens a funding round with its rules."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from workshops.enums import DEFAULT_CRITERIA, DEFAULT_STAGES
from workshops.models import Call, Criterion, FormatCap, ReviewStage


def _unique_slug(title):
    base = slugify(title)[:70] or "call"
    slug, n = base, 2
    while Call.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def default_stages(closes_at):
    """The stages a call reviews in unless the chair says otherwise: (name, ends on,
    waivable), counted from the day the call closes."""
    closing_day = closes_at.date()
    return [
        (name, closing_day + timedelta(days=days), waivable)
        for name, days, waivable in DEFAULT_STAGES
    ]


@transaction.atomic
def call_open(
    *,
    by,
    title,
    description,
    fund,
    opens_at,
    closes_at,
    envelope,
    caps,
    criteria=None,
    stages=None,
    slug=None,
    **rules,
):
    """Open a funding round.

    `caps` maps each funded format to the most a proposal of that format may ask;
    `criteria` is a list of (name, description, weight), `stages` of (name, ends
    on, waivable), in order; both default to the program's usual rubric and stages.
    `rules` are the call's other settings (participants, days, reviewers per
    proposal, summary due days, direct costs only).
    """
    if not by.has_perm("workshops.open_call"):
        raise PermissionDenied
    if not caps:
        raise ValidationError({"caps": "Give the cap of at least one format."})
    criteria = DEFAULT_CRITERIA if criteria is None else criteria
    if not criteria:
        raise ValidationError({"criteria": "The review needs at least one criterion."})
    names = [name.strip().lower() for name, _, _ in criteria]
    if len(set(names)) != len(names):
        raise ValidationError({"criteria": "Two criteria have the same name."})
    stages = default_stages(closes_at) if stages is None else stages
    if not stages:
        raise ValidationError({"stages": "The review needs at least one stage."})
    days = [ends_on for _, ends_on, _ in stages]
    if days != sorted(days) or days[0] < closes_at.date():
        raise ValidationError({"stages": "Stages end in order, and none before the call closes."})
    call = Call(
        title=title,
        slug=slug or _unique_slug(title),
        description=description,
        fund=fund,
        opens_at=opens_at,
        closes_at=closes_at,
        envelope=envelope,
        created_by=by,
        **rules,
    )
    call.full_clean()
    call._history_user = by
    call.save()
    for format, cap in caps.items():
        if cap > envelope:
            raise ValidationError({"caps": "A format's cap cannot exceed the whole envelope."})
        FormatCap(call=call, format=format, cap=cap).full_clean(exclude=["call"])
        FormatCap.objects.create(call=call, format=format, cap=cap)
    for position, (name, description_, weight) in enumerate(criteria, start=1):
        criterion = Criterion(
            call=call, position=position, name=name, description=description_, weight=weight
        )
        criterion.full_clean()
        criterion.save()
    for position, (name, ends_on, waivable) in enumerate(stages, start=1):
        ReviewStage.objects.create(
            call=call, position=position, name=name, ends_on=ends_on, waivable=waivable
        )
    return call


@transaction.atomic
def stage_waive(*, stage, by):
    """Skip a waivable stage (the final review): proposals may be decided without it."""
    if not by.has_perm("workshops.open_call"):
        raise PermissionDenied
    stage = ReviewStage.objects.select_for_update().get(pk=stage.pk)
    if not stage.waivable:
        raise ValidationError(f"“{stage.name}” cannot be waived.")
    if not stage.waived:
        stage.waived = True
        stage.save(update_fields=["waived"])
    return stage
