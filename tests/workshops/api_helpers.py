"""What the workshops API tests share: the answers to refused requests, a
proposal as the API takes it, logging a client in, and reading a list."""

import datetime

from django.utils import timezone

from workshops.services.decisions import proposal_advance

NOT_AUTHENTICATED = {"detail": "Authentication credentials were not provided."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
STARTS_ON = timezone.localdate() + datetime.timedelta(days=120)


def logged_in(client, user):
    client.force_login(user)
    return client


def at_last_stage(proposal, by):
    """Take a submitted proposal through the committee's and the staff's stages."""
    proposal_advance(proposal=proposal, by=by)
    return proposal_advance(proposal=proposal, by=by)


def titles(response):
    return [row["title"] for row in response.json()["results"]]
