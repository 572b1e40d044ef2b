"""The counts of formal votes, as functions of the ballots alone: the quorum, a
question's simple majority and a choice's instant run-off."""

from membership.services.elections import meets


def quorum_reached(cast, eligible, numerator, denominator):
    """At least numerator/denominator of the voters voted; blank votes count."""
    return eligible > 0 and meets(cast, eligible, numerator, denominator, strict=False)


def majority_for(votes_for, votes_against):
    """A simple majority of the votes that are not blank: more for than against.
    A tie fails, and so does a question on which every vote was blank."""
    return votes_for > votes_against


def _tally(rankings, remaining):
    counts = dict.fromkeys(remaining, 0)
    for ranking in rankings:
        top = next((option for option in ranking if option in counts), None)
        if top is not None:
            counts[top] += 1
    return counts


def instant_runoff(rankings, options):
    """Instant run-off among `options` (in the motion's order) on `rankings`
    (one list per ballot, first choice first; blank ballots are left out).

    Each round gives every ballot to its highest-ranked option still in the
    count; a ballot whose options are all out is exhausted and counts no more.
    An option with more than half of the ballots still counting wins.
    Otherwise the option with the fewest votes is eliminated. The tie-break:
    among options tied for fewest, the one with fewer first choices goes; when
    that ties too, they all go together. When every option left has the same
    votes (two level in the last round), none wins: as a tied question fails,
    so does the choice, rather than being settled by the options' order or by lot.

    Returns (the winner or None, the rounds), each round a dict with "counts"
    (option: votes) and "eliminated" (the options that left after it).
    """
    remaining = list(options)
    first_choices = _tally(rankings, remaining)
    rounds = []
    while remaining:
        counts = _tally(rankings, remaining)
        counting = sum(counts.values())
        leader = max(remaining, key=counts.get)
        fewest = min(counts.values())
        if counting and counts[leader] * 2 > counting:
            rounds.append({"counts": counts, "eliminated": []})
            return leader, rounds
        if counts[leader] == fewest:
            rounds.append({"counts": counts, "eliminated": []})
            return None, rounds
        lowest = [option for option in remaining if counts[option] == fewest]
        least_first = min(first_choices[option] for option in lowest)
        out = [option for option in lowest if first_choices[option] == least_first]
        rounds.append({"counts": counts, "eliminated": out})
        remaining = [option for option in remaining if option not in out]
    return None, rounds
