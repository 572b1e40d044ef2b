"""What the governance page tests share: reading a page's text, headings,
facts and choices, a datetime as a form sends it, and elections counted
through the services."""

import re
from html import unescape

from django.utils import timezone
from django.utils.html import strip_tags

from membership.enums import BallotChoice
from membership.services.elections import ballot_cast, election_close
from tests.factories.membership import NominationFactory, open_election, pass_closing_time

YES, NO, ABSTAIN = BallotChoice.YES, BallotChoice.NO, BallotChoice.ABSTAIN
TODAY = timezone.localdate


def main_text(response):
    """The visible text of <main>, whitespace-normalised."""
    html = re.search(r"<main\b.*?</main>", response.content.decode(), re.DOTALL).group(0)
    return " ".join(unescape(strip_tags(html)).split())


def headings(response, level):
    found = re.findall(rf"<h{level}\b[^>]*>(.*?)</h{level}>", response.content.decode(), re.DOTALL)
    return [" ".join(unescape(strip_tags(item)).split()) for item in found]


def options(response, name):
    select = re.search(rf'<select name="{name}".*?</select>', response.content.decode(), re.DOTALL)
    return [unescape(label) for label in re.findall(r"<option[^>]*>(.*?)</option>", select[0])]


def candidate(election, person):
    return NominationFactory(election=election, nominee=person, accepted=True)


def counted_election(body, voters, nominee, choice=YES):
    """An election in which every voter marked the nominee with `choice`, counted."""
    election = open_election(body)
    nomination = candidate(election, nominee)
    for voter in voters:
        ballot_cast(election=election, voter=voter, choices={nomination.pk: choice})
    election_close(election=pass_closing_time(election))
    nomination.refresh_from_db()
    return election, nomination
