"""What the election service tests share: the choices, a candidate and a ballot
cast through the services, a nomination's count, and a candidate elected
through the real count and the rows a transaction wrote, which the
governance data and formal votes' tests use too."""

from django.db import connection

from membership.enums import BallotChoice
from membership.services.elections import ballot_cast, election_close
from tests.factories.membership import (
    NominationFactory,
    PersonFactory,
    members_of,
    open_election,
    pass_closing_time,
)

YES, NO, ABSTAIN = BallotChoice.YES, BallotChoice.NO, BallotChoice.ABSTAIN


def candidate(election, name="Sam Rivera"):
    return NominationFactory(
        election=election, accepted=True, nominee=PersonFactory(display_name=name)
    )


def cast(election, voter, marks):
    """Cast a ballot marking each nomination in `marks` with its choice."""
    choices = {nomination.pk: choice for nomination, choice in marks.items()}
    return ballot_cast(election=election, voter=voter, choices=choices)


def counts(nomination):
    nomination.refresh_from_db()
    return (nomination.yes_votes, nomination.no_votes, nomination.abstentions, nomination.elected)


def rows_sharing_xmin(sql):
    """How many pairs of rows one transaction wrote: a join on xmin that would
    tell who cast which ballot."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def elected_candidate(body, *, name="Sam Rivera"):
    """A candidate elected by the body's members through the real count."""
    roll = members_of(body, 1)
    election = open_election(body)
    nomination = candidate(election, name)
    cast(election, roll[0], {nomination: YES})
    election_close(election=pass_closing_time(election))
    nomination.refresh_from_db()
    return nomination
