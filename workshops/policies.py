"""Who may answer an invitation to co-organise a proposal."""

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.db.models.functions import Lower

from cwg_portal.policies import Rule, register
from workshops.enums import InvitationStatus, ProposalStatus


def invited(user):
    """Invitations to an address `user` has shown to be theirs (the account's own,
    or one they verified) on a proposal that is still alive."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    verified = (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )
    return (Q(email=user.email.lower()) | Q(email__in=verified)) & ~Q(
        proposal__status__in=[ProposalStatus.WITHDRAWN, ProposalStatus.DECLINED]
    )


(ANSWER_INVITATION,) = register(
    # Only the invitee answers, from an address that is theirs, while the
    # proposal is still alive.
    Rule("workshops.answer_invitation", where=invited, states=(InvitationStatus.PENDING,)),
)
