"""Proposals: drafted, submitted to an open call, changed while it is open (every
version kept), withdrawn."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from budget.enums import OVERHEAD_CATEGORY, CategoryKind
from cwg_portal.notifications import notify
from membership.services import person_for_user
from workshops.enums import IN_REVIEW, FocusArea, ProposalStatus, WorkshopFormat
from workshops.models import Proposal, ProposalVersion, RequestLine
from workshops.services.invitations import invitations_set

# The proposal's own fields that organisers write; the rest is the program's.
PROPOSAL_FIELDS = (
    "title",
    "summary",
    "goals",
    "format",
    "city",
    "country",
    "starts_on",
    "ends_on",
    "expected_participants",
    "advances_jupyter",
    "grows_community",
    "dei_outreach",
    "other_funding",
    "coc_contacts_confirmed",
)


def _refuse_unless_call_open(call):
    now = timezone.now()
    if now < call.opens_at:
        opens = date_format(timezone.localtime(call.opens_at), "DATETIME_FORMAT")
        raise ValidationError(f"This call opens on {opens}; it takes no proposals yet.")
    if now >= call.closes_at:
        closed = date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")
        raise ValidationError(f"This call closed on {closed}; it takes no more proposals.")


def call_rule_errors(proposal, lines):
    """What keeps a proposal from meeting its call's rules, by field."""
    call = proposal.call
    errors = {}
    caps = {cap.format: cap.cap for cap in call.caps.all()}
    total = sum((line.amount for line in lines), Decimal("0.00"))
    cap = caps.get(proposal.format)
    if not lines:
        errors["lines"] = ["Itemise the budget: add at least one line."]
    elif cap is None:
        funded = ", ".join(WorkshopFormat(f).label.lower() for f in sorted(caps)) or "no"
        errors["format"] = [f"This call funds {funded} workshops only."]
    elif total > cap:
        errors["lines"] = [
            f"The budget asks for {total} {call.currency}; this call's cap for "
            f"{WorkshopFormat(proposal.format).label.lower()} workshops is {cap} {call.currency}."
        ]
    for line in lines:
        if call.direct_costs_only and line.category.slug == OVERHEAD_CATEGORY:
            errors.setdefault("lines", []).append(
                f"This call funds direct costs only: remove the overhead line “{line.description}”."
            )
    if not call.min_participants <= proposal.expected_participants <= call.max_participants:
        errors["expected_participants"] = [
            f"This call funds workshops of {call.min_participants} to "
            f"{call.max_participants} participants."
        ]
    if proposal.ends_on >= proposal.starts_on and not (
        call.min_days <= proposal.days <= call.max_days
    ):
        errors["ends_on"] = [
            f"This call funds workshops of {call.min_days} to {call.max_days} days; "
            f"this one lasts {proposal.days}."
        ]
    closing_day = timezone.localtime(call.closes_at).date()
    if proposal.starts_on <= closing_day:
        errors["starts_on"] = [
            f"The call closes on {closing_day:%-d %B %Y}: the workshop must start after that."
        ]
    if not proposal.coc_contacts_confirmed:
        errors["coc_contacts_confirmed"] = [
            "The organisers must agree to act as the code-of-conduct contacts at the event."
        ]
    if not proposal.focus_areas:
        errors["focus_areas"] = ["Choose at least one focus area."]
    return errors


def _check_fields(proposal):
    if proposal.format != WorkshopFormat.ONLINE and not proposal.city.strip():
        raise ValidationError({"city": "A workshop held in person needs a city."})
    unknown = set(proposal.focus_areas) - set(FocusArea.values)
    if unknown:
        raise ValidationError({"focus_areas": "Choose focus areas from the list."})
    proposal.full_clean(exclude=["call", "lead", "created_by"])


def _build_lines(proposal, lines):
    built = []
    for position, line in enumerate(lines, start=1):
        category = line["category"]
        if category.kind != CategoryKind.EXPENSE or category.is_system:
            raise ValidationError({"lines": f"“{category}” is not a cost a budget can ask for."})
        row = RequestLine(
            proposal=proposal,
            position=position,
            category=category,
            description=line["description"],
            amount=line["amount"],
        )
        row.full_clean(exclude=["proposal"])
        built.append(row)
    return built


def _save_lines(proposal, built):
    proposal.lines.all().delete()
    for row in built:
        row.proposal = proposal
    RequestLine.objects.bulk_create(built)


def version_content(proposal):
    """What a proposal says, as plain data: one version of it."""
    content = {name: proposal.serializable_value(name) for name in PROPOSAL_FIELDS}
    for name in ("starts_on", "ends_on"):
        content[name] = content[name].isoformat()
    content["focus_areas"] = list(proposal.focus_areas)
    content["lead"] = proposal.lead.display_name
    content["organisers"] = sorted(person.display_name for person in proposal.organisers.all())
    content["disc_items"] = sorted(item.slug for item in proposal.disc_items.all())
    content["lines"] = [
        {
            "category": line.category.slug,
            "description": line.description,
            "amount": str(line.amount),
        }
        for line in proposal.lines.all()
    ]
    return content


def _save_version(proposal, by):
    number = (proposal.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    return ProposalVersion.objects.create(
        proposal=proposal, number=number, content=version_content(proposal), saved_by=by
    )


@transaction.atomic
def proposal_create(
    *, call, by, lines, co_organisers=(), disc_items=(), focus_areas=(), lead=None, **fields
):
    """Start a draft proposal to an open call; `by` leads it unless another lead is
    given. The people at the `co_organisers` addresses are invited to join."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"Not proposal fields: {', '.join(sorted(unknown))}")
    _refuse_unless_call_open(call)
    proposal = Proposal(
        call=call,
        lead=lead or person_for_user(user=by),
        created_by=by,
        focus_areas=list(focus_areas),
        **fields,
    )
    _check_fields(proposal)
    built = _build_lines(proposal, lines)
    proposal._history_user = by
    proposal.save()
    _save_lines(proposal, built)
    proposal.organisers.set([proposal.lead])
    invitations_set(proposal=proposal, addresses=co_organisers, by=by)
    proposal.disc_items.set(disc_items)
    _save_version(proposal, by)
    return proposal


def proposal_locked(proposal):
    """The proposal's row, locked until the transaction ends, with what the
    program's rules read of it. Every state change of a proposal starts here."""
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__fund", "stage", "event", "allocation")
        .get(pk=proposal.pk)
    )


@transaction.atomic
def proposal_update(
    *, proposal, by, lines=None, co_organisers=None, disc_items=None, focus_areas=None, **fields
):
    """Change a proposal: a draft any time, a submitted one while the call is open.
    Each change keeps a new version; a submitted proposal must still meet the call's rules."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"Not proposal fields: {', '.join(sorted(unknown))}")
    proposal = proposal_locked(proposal)
    if not by.has_perm("workshops.edit_proposal", proposal):
        if proposal.status == ProposalStatus.SUBMITTED and not proposal.call.is_open():
            raise ValidationError("The call has closed: the proposal can no longer be changed.")
        raise PermissionDenied
    for name, value in fields.items():
        setattr(proposal, name, value)
    if focus_areas is not None:
        proposal.focus_areas = list(focus_areas)
    _check_fields(proposal)
    built = _build_lines(proposal, lines) if lines is not None else list(proposal.lines.all())
    if proposal.status == ProposalStatus.SUBMITTED:
        errors = call_rule_errors(proposal, built)
        if errors:
            raise ValidationError(errors)
    proposal._history_user = by
    proposal.save()
    if lines is not None:
        _save_lines(proposal, built)
    if co_organisers is not None:
        invitations_set(proposal=proposal, addresses=co_organisers, by=by)
    if disc_items is not None:
        proposal.disc_items.set(disc_items)
    _save_version(proposal, by)
    return proposal


@transaction.atomic
def proposal_submit(*, proposal, by):
    """Send a draft to the committee. The call must be open and its rules met."""
    proposal = proposal_locked(proposal)
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError(f"This proposal is already {proposal.get_status_display().lower()}.")
    if not by.has_perm("workshops.edit_proposal", proposal):
        raise PermissionDenied
    _refuse_unless_call_open(proposal.call)
    errors = call_rule_errors(proposal, list(proposal.lines.select_related("category")))
    if errors:
        raise ValidationError(errors)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.stage = proposal.call.stages.order_by("position").first()
    proposal._history_user = by
    proposal.save(update_fields=["status", "submitted_at", "stage", "updated_at"])
    notify(
        "workshops.proposal_submitted",
        about=proposal,
        key=proposal.pk,
        url=proposal.get_absolute_url(),
        proposal=proposal,
        by=person_for_user(user=by),
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal, by):
    """The organisers take a proposal back, before it is decided."""
    proposal = proposal_locked(proposal)
    if proposal.status not in (ProposalStatus.DRAFT, *IN_REVIEW):
        raise ValidationError(
            f"A proposal that is {proposal.get_status_display().lower()} cannot be withdrawn."
        )
    if not by.has_perm("workshops.withdraw_proposal", proposal):
        raise PermissionDenied
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_at = timezone.now()
    proposal._history_user = by
    proposal.save(update_fields=["status", "withdrawn_at", "updated_at"])
    return proposal
