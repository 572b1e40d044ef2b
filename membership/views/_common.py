"""What the membership pages share."""

from membership import selectors


def posted(request):
    """The form data of a POST, even an empty one (a ballot with nothing chosen)."""
    return request.POST if request.method == "POST" else None


def affiliations_for(user, body):
    """The current members' affiliations for the pages where new members are
    chosen, shown to those who choose them; None for anyone else."""
    if not user.has_perm("membership.see_affiliations", body):
        return None
    return selectors.member_affiliations(body)
