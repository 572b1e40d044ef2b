"""Co-organisers: named by a proposal's organisers, counted once they accept.

Naming someone is only an invitation. Until the invitee accepts, they neither
see nor edit the proposal and are not conflicted on it, so that a proposer
cannot make the chair or a reviewer an organiser (and so conflict them out of
the decision) without their consent. The proposer is told the same thing
whether or not an address has a portal account: invitations disclose nobody.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cwg_portal.notifications import notify
from membership.services import person_for_user
from workshops.enums import InvitationStatus
from workshops.models import OrganiserInvitation
from workshops.selectors import accounts_at

STANDING = (InvitationStatus.PENDING, InvitationStatus.ACCEPTED)


def invitations_set(*, proposal, addresses, by):
    """Make the proposal's co-organisers the people at `addresses` (lower case):
    invite the new ones, withdraw those no longer named. A declined invitation
    stays declined: naming the address again does not ask again."""
    named = {address.lower() for address in addresses}
    if proposal.lead.user_id:
        named.discard(proposal.lead.user.email.lower())
    current = {
        invitation.email: invitation
        for invitation in proposal.invitations.select_for_update(of=("self",)).select_related(
            "person"
        )
    }
    for address, invitation in current.items():
        if address not in named and invitation.status in STANDING:
            if invitation.person_id:
                proposal.organisers.remove(invitation.person)
            invitation.status = InvitationStatus.WITHDRAWN
            invitation.answered_at = timezone.now()
            invitation.save(update_fields=["status", "answered_at"])
    for address in sorted(named):
        invitation = current.get(address)
        if invitation is None:
            invitation = OrganiserInvitation.objects.create(
                proposal=proposal, email=address, invited_by=by
            )
        elif invitation.status == InvitationStatus.WITHDRAWN:
            invitation.status = InvitationStatus.PENDING
            invitation.invited_by = by
            invitation.invited_at = timezone.now()
            invitation.answered_at = None
            invitation.person = None
            invitation.save()
        else:
            continue
        _send(invitation, by)


def _send(invitation, by):
    """Tell the invitee: in the portal if the address has an account, else by an
    e-mail that asks them to sign up with it."""
    inviter = person_for_user(user=by).display_name
    if accounts_at(invitation.email).exists():
        notify(
            "workshops.organiser_invited",
            about=invitation,
            key=f"{invitation.pk}:{invitation.invited_at.isoformat()}",
            url=invitation.get_absolute_url(),
            invitation=invitation,
            proposal=invitation.proposal,
            inviter=inviter,
        )
        return
    context = {
        "proposal": invitation.proposal,
        "inviter": inviter,
        "site_url": settings.SITE_URL,
        "invitations_url": settings.SITE_URL + reverse("workshops:invitations"),
    }
    send_mail(
        f"Invitation to co-organise {invitation.proposal.title}",
        render_to_string("workshops/email/organiser_invitation.txt", context),
        None,
        [invitation.email],
    )


@transaction.atomic
def invitation_answer(*, invitation, by, accept):
    """The invitee accepts (and becomes an organiser of the proposal) or declines."""
    invitation = (
        OrganiserInvitation.objects.select_for_update(of=("self",))
        .select_related("proposal__lead__user")
        .get(pk=invitation.pk)
    )
    if not by.has_perm("workshops.answer_invitation", invitation):
        if invitation.status != InvitationStatus.PENDING and invitation.person == getattr(
            by, "person", None
        ):
            raise ValidationError(
                f"You have already answered: {invitation.get_status_display().lower()}."
            )
        raise PermissionDenied
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.answered_at = timezone.now()
    invitation.person = person_for_user(user=by)
    invitation.save(update_fields=["status", "answered_at", "person"])
    if accept:
        invitation.proposal.organisers.add(invitation.person)
    notify(
        "workshops.invitation_answered",
        about=invitation,
        key=f"{invitation.pk}:{invitation.answered_at.isoformat()}",
        url=invitation.proposal.get_absolute_url(),
        invitation=invitation,
        proposal=invitation.proposal,
        invitee=invitation.person.display_name,
    )
    return invitation
