from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cwg_portal.policies import restrict
from cwg_portal.roles import MFA_REQUIRED_ROLES, Role, role_names
from membership import governance_format as fmt
from membership.enums import (
    DeclarationKind,
    ElectionStatus,
    MotionStatus,
    NominationStatus,
    SeatRole,
)
from membership.models import (
    Body,
    Decision,
    Declaration,
    Election,
    EligibleVoter,
    Membership,
    Motion,
    MotionVoter,
    Nomination,
    Organisation,
    Person,
    PersonOrganisation,
)


def people():
    """Every person the portal knows; for choices, which callers narrow further."""
    return Person.objects.all()


def users_missing_required_mfa():
    """Active accounts holding a role that requires MFA, without a TOTP authenticator."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=MFA_REQUIRED_ROLES)
        .exclude(authenticator__type=Authenticator.Type.TOTP)
        .distinct()
        .order_by("email")
    )


def signups_unverified(*, days=14):
    """Accounts created in the last days whose e-mail address is not yet verified."""
    since = timezone.now() - timedelta(days=days)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    return (
        get_user_model()
        .objects.filter(date_joined__gte=since)
        .exclude(pk__in=verified)
        .order_by("-date_joined")
    )


def profile_gaps(person):
    """The profile fields a person has left empty that others rely on."""
    labels = {
        "pronouns": "pronouns",
        "affiliation": "affiliation",
        "github_handle": "GitHub handle",
    }
    return [label for field, label in labels.items() if not getattr(person, field)]


def sees_all_people(user):
    """Members of a body and holders of staff roles see everyone's profile;
    the public and the community see only the people who chose to be public."""
    if role_names(user) - {Role.COMMUNITY}:
        return True
    return user.is_authenticated and Membership.objects.current().filter(person__user=user).exists()


def people_visible_to(user):
    people = Person.objects.all()
    return people if sees_all_people(user) else people.filter(is_public=True)


def names_shown_to(user, people):
    """Of `people`, those whose names the user may read (the people they may see,
    and themselves), and how many others there are."""
    people = list(people)
    everyone = sees_all_people(user)
    shown = [
        person
        for person in people
        if everyone or person.is_public or (user.is_authenticated and person.user_id == user.pk)
    ]
    return shown, len(people) - len(shown)


def people_with_photos_visible_to(user):
    """Photos are public for people who chose to be public; a person always sees their own."""
    visible = Q(is_public=True)
    if user.is_authenticated:
        visible |= Q(user=user)
    return Person.objects.exclude(photo="").filter(visible)


def memberships_visible_to(user):
    seats = Membership.objects.select_related("person", "body")
    if sees_all_people(user):
        return seats
    return seats.filter(person__is_public=True, body__is_public=True)


def directory(body):
    """A body's public page: current members who chose to be public, and past ones."""

    seats = Membership.objects.filter(body=body, person__is_public=True).select_related("person")
    current = seats.current().order_by("role", "person__display_name")
    started = Q(starts_on__isnull=True) | Q(starts_on__lte=timezone.localdate())
    past = seats.exclude(pk__in=current.values("pk")).filter(started)
    return {"current": current, "past": past.order_by("-left_on", "-ends_on")}


def terms_ending(*, within_days=60):

    today = timezone.localdate()
    return (
        Membership.objects.current()
        .filter(ends_on__isnull=False, ends_on__lte=today + timedelta(days=within_days))
        .select_related("person", "body")
        .order_by("ends_on")
    )


def _governance_bodies():
    return Body.objects.filter(governance_id__isnull=False, is_public=True)


def _in_file_order(queryset, position="governance_position"):
    # Entries keep their place in the files they came from; new ones follow, oldest first.
    return queryset.order_by(F(position).asc(nulls_last=True), "pk")


def _seat_entry(seat):
    """A seat as a team entry of contributors.yml: an ended seat is listed under
    the body's former_ team, with its years."""
    body = seat.body
    former = seat.left_on is not None and not body.governance_id.startswith(fmt.FORMER_PREFIX)
    years = seat.years
    if seat.term_text and fmt.term_years(seat.term_text) == years:
        term = seat.term_text
    else:
        term = fmt.term_from_years(years) if years else ""
    entry = {"team": body.former_team_id if former else body.governance_id}
    extra = {"subproject": seat.subproject, "organization": seat.organisation, "term": term}
    return entry | {key: value for key, value in extra.items() if value}


def _teams_export(bodies, former_seats):
    placed = []
    for body in bodies:
        team = {"id": body.governance_id, "name": body.name}
        team |= {
            key: getattr(body, key) for key in ("homepage", "team_compass") if getattr(body, key)
        }
        placed.append(((body.governance_position, 0, body.pk), team))
        if body.former_team_name or body.pk in former_seats:
            former = {
                "id": body.former_team_id,
                "name": body.former_team_name or f"Former {body.name}",
            }
            placed.append(((body.former_team_position, 1, body.pk), former))
    # A team without a place in the file (None) goes after those with one.
    placed.sort(key=lambda item: (item[0][0] is None, item[0][0] or 0, item[0][1], item[0][2]))
    return [team for _, team in placed]


def _author_id(person, taken):
    if person.governance_id:
        return person.governance_id
    candidate = person.github_handle or slugify(person.display_name).replace("-", "_")
    return f"{candidate}_{person.pk}" if candidate in taken or not candidate else candidate


def governance_export():
    """The leadership directory as the governance repository's three files hold it:
    {"jupyter-teams.yml": [team, ...], "organizations.yml": [...], "contributors.yml": [...]},
    each entry a dict in the repository's key order. Lists the public bodies with
    a team id, and the people who chose to be public with their seats on them."""
    bodies = list(_in_file_order(_governance_bodies()))
    seats = Membership.objects.filter(body__in=bodies, person__is_public=True).select_related(
        "body"
    )
    seats = _in_file_order(seats)
    people = _in_file_order(
        Person.objects.filter(is_public=True)
        .filter(Q(governance_id__isnull=False) | Q(memberships__in=seats))
        .distinct()
    ).prefetch_related(
        Prefetch("memberships", queryset=seats, to_attr="team_seats"),
        Prefetch(
            "organisation_links",
            queryset=PersonOrganisation.objects.select_related("organisation").order_by("position"),
        ),
    )
    taken = set(Person.objects.exclude(governance_id=None).values_list("governance_id", flat=True))
    authors, former_seats = [], set()
    for person in people:
        author = {"id": _author_id(person, taken), "name": person.display_name}
        author |= {"github": fmt.github_url(person.github_handle)} if person.github_handle else {}
        affiliations = [link.organisation.governance_id for link in person.organisation_links.all()]
        author |= {"affiliations": affiliations} if affiliations else {}
        teams = [_seat_entry(seat) for seat in person.team_seats]
        former_seats |= {seat.body_id for seat in person.team_seats if seat.left_on}
        author |= {"teams": teams} if teams else {}
        authors.append(author)
    organisations = [
        {"id": item.governance_id, "name": item.name} | ({"url": item.url} if item.url else {})
        for item in _in_file_order(Organisation.objects.all())
    ]
    return {
        fmt.TEAMS_FILE: _teams_export(bodies, former_seats),
        fmt.ORGANISATIONS_FILE: organisations,
        fmt.CONTRIBUTORS_FILE: authors,
    }


def elections_visible_to(user):
    """The elections `user` may read (see `membership.see_election`); results are
    shown by the callers only once counted."""
    elections = Election.objects.select_related("body").prefetch_related("nominations__nominee")
    return restrict(elections, user, "membership.see_election")


def taking_self_nominations():
    return Q(
        status=ElectionStatus.OPEN,
        nominations_close_at__gt=timezone.now(),
        body__allows_self_nomination=True,
    )


def elections_open_to_stand(user):
    """Elections in which the user may nominate themselves now: nominations are
    open on a body that takes self-nominations and does not seat them already,
    and nobody has nominated them in it yet."""
    if not user.is_authenticated:
        return Election.objects.none()
    return (
        Election.objects.filter(taking_self_nominations())
        .exclude(body__in=seated_bodies(user))
        .exclude(nominations__nominee__user=user)
        .select_related("body")
        .order_by("nominations_close_at", "pk")
    )


def _parties(item):
    """(people, organisations) an item involves; items say so with conflict_parties()."""
    parties = getattr(item, "conflict_parties", None)
    return parties() if parties else (set(), set())


def interests_of(person, *, on=None):
    """(content type id, object id, related person id, organisation) of each of the
    person's declarations in force on a day. Read once and kept on the person, so
    a page that asks about many items (a dashboard of claims) asks the database once;
    declaration_create forgets the kept copy."""
    day = on or timezone.localdate()
    kept = getattr(person, "_interests_in_force", None)
    if kept is None or kept[0] != day:
        rows = declarations_in_force(on=day).filter(person=person)
        kept = (
            day,
            list(
                rows.values_list(
                    "content_type_id", "object_id", "related_person_id", "organisation"
                )
            ),
        )
        person._interests_in_force = kept
    return kept[1]


def is_conflicted(person, item, *, on=None):
    """Is this person conflicted on this object?

    Yes when they declared an interest in the item itself, when they are one of
    its parties, or when a standing declaration of theirs names one of its people
    (a close relationship) or organisations (employer, affiliation).
    """
    people, organisations = _parties(item)
    if person in people:
        return True
    declarations = interests_of(person, on=on)
    content_type_id = ContentType.objects.get_for_model(item).pk
    party_ids = {party.pk for party in people}
    declared = {organisation.strip().lower() for *_, organisation in declarations if organisation}
    return (
        any((ct, pk) == (content_type_id, item.pk) for ct, pk, _, _ in declarations)
        or any(related in party_ids for _, _, related, _ in declarations)
        or bool(declared & {name.strip().lower() for name in organisations if name})
    )


def candidates_conflicting(user, nominations):
    """The ids of the nominations on which the user is conflicted: their ballot
    abstains on those candidates, and the ballot says so before they vote."""
    person = getattr(user, "person", None)
    if person is None:
        return set()
    return {nomination.pk for nomination in nominations if is_conflicted(person, nomination)}


# --- The governance pages ---------------------------------------------------

ELECTION_PHASES = {
    "nominations": "Nominations open",
    "waiting": "Nominations closed; voting not yet open",
    "voting": "Voting open",
    "counting": "Voting over; awaiting the count",
    "closed": "Closed",
    "cancelled": "Cancelled",
}


def election_phase(election, *, now=None):
    """Where an election stands: a key of ELECTION_PHASES."""
    if election.status != ElectionStatus.OPEN:
        return "closed" if election.status == ElectionStatus.CLOSED else "cancelled"
    now = now or timezone.now()
    if now < election.nominations_close_at:
        return "nominations"
    if now < election.opens_at:
        return "waiting"
    return "voting" if now < election.closes_at else "counting"


def bodies_chaired_by(user):
    if not user.is_authenticated:
        return Body.objects.none()
    chairs = Membership.objects.current().filter(person__user=user, role=SeatRole.CHAIR)
    return Body.objects.filter(pk__in=chairs.values("body"))


def elections_awaiting_vote(user):
    """Elections whose ballot box is open now, with the user on the roll and not voted."""
    if not user.is_authenticated:
        return Election.objects.none()
    now = timezone.now()
    return (
        Election.objects.filter(status=ElectionStatus.OPEN, opens_at__lte=now, closes_at__gt=now)
        .filter(voters__user=user, voters__has_voted=False)
        .select_related("body")
        .order_by("closes_at", "pk")
    )


def nominations_awaiting_answer(user):
    """The user's nominations they have neither accepted nor declined, while they still can."""
    if not user.is_authenticated:
        return Nomination.objects.none()
    return (
        Nomination.objects.filter(
            nominee__user=user,
            status=NominationStatus.PENDING,
            election__status=ElectionStatus.OPEN,
            election__nominations_close_at__gt=timezone.now(),
        )
        .select_related("election__body", "nominated_by__person")
        .order_by("election__nominations_close_at", "pk")
    )


def candidates_awaiting_council():
    """Elected candidates of counted elections on whom the council has not decided."""
    return (
        Nomination.objects.filter(
            elected=True,
            election__status=ElectionStatus.CLOSED,
            council_approval__isnull=True,
        )
        .select_related("nominee", "election__body")
        .order_by("election__result_computed_at", "pk")
    )


def decisions_visible_to(user):
    """The public record: decisions of public bodies; members and staff see all."""
    # Whether the person may open the formal vote behind a decision: its page
    # is then the decision's record where no other link was given.
    readable = motions_visible_to(user).filter(decision=OuterRef("pk"))
    decisions = Decision.objects.select_related("body", "formal_vote__winner").annotate(
        vote_readable=Exists(readable)
    )
    return restrict(decisions, user, "membership.see_decision")


def declarations_in_force(*, on=None):
    """Declarations that hold on a day (today by default)."""
    day = on or timezone.localdate()
    return Declaration.objects.filter(starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def standing_declarations():
    """Everyone's standing interests in force (employers, affiliations,
    relationships): the part of the register every decision consults."""
    return (
        declarations_in_force()
        .exclude(kind=DeclarationKind.ITEM)
        .select_related("person", "related_person")
        .order_by(Lower("person__display_name"), "-starts_on", "pk")
    )


def public_bodies():
    return Body.objects.filter(is_public=True)


def body_seats_current(body):
    return (
        Membership.objects.current()
        .filter(body=body)
        .select_related("person")
        .order_by("role", Lower("person__display_name"), "pk")
    )


def election_nominations(election):
    """Every nomination of an election with its nominee and the council's word."""
    return (
        Nomination.objects.filter(election=election)
        .select_related("nominee", "council_approval")
        .order_by(Lower("nominee__display_name"), "pk")
    )


def voter_roll_entry(election, user):
    """The user's line on the election's voter roll, or None."""
    if not user.is_authenticated:
        return None
    return EligibleVoter.objects.filter(election=election, user=user).first()


def people_nominable(election, *, by):
    """Whom a user may nominate: a member of the body anyone not already seated on
    it or nominated; anyone else only themselves, when the body allows it."""
    seated = Membership.objects.current().filter(body=election.body).values("person")
    free = Person.objects.exclude(pk__in=seated).exclude(
        pk__in=election.nominations.values("nominee")
    )
    if Membership.objects.current().filter(body=election.body, person__user=by).exists():
        return free
    if election.body.allows_self_nomination and by.is_authenticated:
        return free.filter(user=by)
    return Person.objects.none()


def member_affiliations(body):
    """The body's current members counted per affiliation, the largest first:
    those choosing the next member see where the seats already are, since
    successive electees should rotate across organisations."""
    seated = Membership.objects.current().filter(body=body).values("person")
    counted = (
        Person.objects.filter(pk__in=seated).values("affiliation").annotate(members=Count("pk"))
    )
    return sorted(
        counted,
        key=lambda row: (-row["members"], not row["affiliation"], row["affiliation"].casefold()),
    )


# --- Formal votes -------------------------------------------------------------


def seated_bodies(user):
    return Membership.objects.current().filter(person__user=user).values("body")


def bodies_sat_on(user):
    if not user.is_authenticated:
        return Body.objects.none()
    return Body.objects.filter(pk__in=seated_bodies(user))


MOTION_PHASES = {
    "awaiting-second": "Awaiting a second",
    "voting": "Voting open",
    "counting": "Voting over; awaiting the count",
    "closed": "Closed",
    "withdrawn": "Withdrawn by its sponsor",
    "lapsed": "Lapsed: never seconded",
}


def motion_phase(motion, *, now=None):
    """Where a formal vote stands: a key of MOTION_PHASES."""
    if motion.status != MotionStatus.OPEN:
        return {
            MotionStatus.AWAITING_SECOND: "awaiting-second",
            MotionStatus.CLOSED: "closed",
            MotionStatus.WITHDRAWN: "withdrawn",
            MotionStatus.LAPSED: "lapsed",
        }[motion.status]
    return "voting" if (now or timezone.now()) < motion.closes_at else "counting"


def motions_visible_to(user):
    """The formal votes `user` may read (see `membership.see_motion`)."""
    motions = Motion.objects.select_related("body", "sponsor__person", "seconded_by__person")
    return restrict(motions, user, "membership.see_motion")


def motions_awaiting_vote(user):
    """Formal votes open now with the user on the roll and not yet voted."""
    if not user.is_authenticated:
        return Motion.objects.none()
    return (
        Motion.objects.filter(status=MotionStatus.OPEN, closes_at__gt=timezone.now())
        .filter(voters__user=user, voters__has_voted=False)
        .select_related("body")
        .order_by("closes_at", "pk")
    )


def motions_awaiting_second(user):
    """Motions of the user's bodies waiting for a second, other than their own."""
    if not user.is_authenticated:
        return Motion.objects.none()
    return (
        Motion.objects.filter(status=MotionStatus.AWAITING_SECOND, body__in=seated_bodies(user))
        .exclude(sponsor=user)
        .select_related("body", "sponsor__person")
        .order_by("called_at", "pk")
    )


def motion_roll_entry(motion, user):
    """The user's line on the motion's voter roll, or None."""
    if not user.is_authenticated:
        return None
    return MotionVoter.objects.filter(motion=motion, user=user).first()


def runoff_table(motion):
    """A counted ranked choice, one row per option in the motion's order: its
    votes in each round it was still in (None after), the round after which it
    was eliminated, and whether it was chosen."""
    rows = []
    for option in motion.options.all():
        key = str(option.pk)
        out = [n for n, count in enumerate(motion.rounds, 1) if option.pk in count["eliminated"]]
        rows.append(
            {
                "option": option,
                "votes": [count["counts"].get(key) for count in motion.rounds],
                "eliminated_after": out[0] if out else None,
                "chosen": option.pk == motion.winner_id,
            }
        )
    return rows


def motion_years(body):
    """The calendar years in which formal votes of the body closed, latest first."""
    closed = Motion.objects.filter(body=body, status=MotionStatus.CLOSED)
    return [moment.year for moment in closed.datetimes("closed_at", "year", order="DESC")]


def participation(body, year):
    """Each voter's part in the body's formal votes closed in a calendar year:
    the votes they were on the roll of, those they voted in, and whether they
    fall short of the body's expected share. A member who joined during the
    year is measured against the votes held since."""
    rows = (
        MotionVoter.objects.filter(
            motion__body=body, motion__status=MotionStatus.CLOSED, motion__closed_at__year=year
        )
        .values("user")
        .annotate(
            name=Coalesce("user__person__display_name", "user__username"),
            eligible=Count("pk"),
            voted=Count("pk", filter=Q(has_voted=True)),
        )
        .order_by(Lower("name"), "user")
    )
    numerator, denominator = body.participation_numerator, body.participation_denominator
    return [
        {**row, "falls_short": row["voted"] * denominator < numerator * row["eligible"]}
        for row in rows
    ]


def report_figures(start, end):
    """Governance in a reporting period: who joined and left each body, the
    elections counted, the formal votes decided and every decision recorded."""

    def seat(membership):
        # The report's public part is exported and published: a person who keeps
        # their profile private is counted there, not named.
        person = membership.person
        return {"person": str(person) if person.is_public else None, "body": str(membership.body)}

    seats = Membership.objects.select_related("person", "body").order_by("body__name")
    return {
        "joined": [seat(m) for m in seats.filter(starts_on__range=(start, end))],
        "left": [seat(m) for m in seats.filter(left_on__range=(start, end))],
        "elections": [
            {"title": election.title, "body": str(election.body)}
            for election in Election.objects.filter(
                result_computed_at__date__range=(start, end)
            ).select_related("body")
        ],
        "motions": [
            {"title": motion.title, "body": str(motion.body), "passed": bool(motion.passed)}
            for motion in Motion.objects.filter(
                status=MotionStatus.CLOSED, closed_at__date__range=(start, end)
            ).select_related("body")
        ],
        "decisions": [
            {
                "title": decision.motion,
                "body": str(decision.body),
                "outcome": decision.get_outcome_display(),
                "decided_on": decision.decided_on.isoformat(),
            }
            for decision in Decision.objects.filter(decided_on__range=(start, end))
            .select_related("body")
            .order_by("decided_on", "pk")
        ],
        "sources": [
            {"label": "Decisions", "url": reverse("membership:decisions")},
            {"label": "Directory", "url": reverse("membership:directory")},
        ],
    }
