"""Bringing the portal in line with the governance repository's leadership data.

The repository's teams are the portal's bodies, its organisations the
affiliations people choose from, its authors people and each of their team
entries a seat. A `former_<team>` team is the record of the ended seats of the
body `<team>` when that body exists, and a body of its own otherwise.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from membership import governance_format as fmt
from membership.enums import BodyKind
from membership.models import Body, Membership, Organisation, Person, PersonOrganisation
from membership.services.seats import roles_sync

LEFT_BY_IMPORT = "Listed among the former members in the governance repository"


@dataclass
class ImportReport:
    changes: list = field(default_factory=list)
    people_not_in_files: list = field(default_factory=list)
    applied: bool = False


class _Import:
    """One run: every write goes through `save`, which records what changed."""

    def __init__(self, data):
        self.data = data
        self.report = ImportReport()
        self.bodies = {}
        self.former_of = {}
        self.organisations = {}
        self.users_to_sync = set()

    def save(self, obj, values, label):
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if obj.pk and not changed:
            return obj
        for name in changed:
            setattr(obj, name, values[name])
        try:
            obj.full_clean()
        except ValidationError as error:
            raise fmt.GovernanceDataError([self._problem(label, error)]) from error
        what = "updated" if obj.pk else "created"
        obj.save()
        detail = f" ({', '.join(changed)})" if what == "updated" else ""
        self.report.changes.append(f"{what} {label}{detail}")
        return obj

    def _problem(self, label, error):
        messages = "; ".join(error.messages)
        file, line = getattr(label, "file", ""), getattr(label, "line", 0)
        return fmt.Problem(file, line, f"{label}: {messages}")

    def run(self):
        self.teams()
        self.organisations_()
        for position, author in enumerate(self.data.authors):
            self.author(author, position)
        for user in self.users_to_sync:
            roles_sync(user=user)
        self.report.people_not_in_files = list(
            _people_in_portal_only({author.id for author in self.data.authors})
        )

    def teams(self):
        existing = set(
            Body.objects.filter(governance_id__isnull=False).values_list("governance_id", flat=True)
        )
        ids = existing | {team.id for team in self.data.teams}
        for position, team in enumerate(self.data.teams):
            if not (team.is_former and team.current_id in ids):
                self.bodies[team.id] = self.body(team, position)
        for position, team in enumerate(self.data.teams):
            if team.is_former and team.current_id in ids:
                self.former_team(team, position)

    def body(self, team, position):
        body = Body.objects.filter(governance_id=team.id).first()
        if body is None:
            body = Body(governance_id=team.id, slug=_free_slug(team.id), kind=_kind_of(team.id))
        values = {
            "name": team.name,
            "homepage": team.homepage,
            "team_compass": team.team_compass,
            "governance_position": position,
        }
        return self.save(body, values, _Label(fmt.TEAMS_FILE, team.line, f"body {team.id}"))

    def former_team(self, team, position):
        label = _Label(fmt.TEAMS_FILE, team.line, f"team {team.id}")
        if team.homepage or team.team_compass:
            problem = "the former team of an existing body takes only an id and a name"
            raise fmt.GovernanceDataError([fmt.Problem(label.file, label.line, problem)])
        body = self.bodies.get(team.current_id) or Body.objects.get(governance_id=team.current_id)
        self.bodies[team.current_id] = self.save(
            body, {"former_team_name": team.name, "former_team_position": position}, label
        )
        self.former_of[team.id] = body

    def organisations_(self):
        for position, item in enumerate(self.data.organisations):
            organisation = Organisation.objects.filter(governance_id=item.id).first()
            label = _Label(fmt.ORGANISATIONS_FILE, item.line, f"organisation {item.id}")
            values = {"name": item.name, "url": item.url, "governance_position": position}
            self.organisations[item.id] = self.save(
                organisation or Organisation(governance_id=item.id), values, label
            )

    def author(self, author, position):
        label = _Label(fmt.CONTRIBUTORS_FILE, author.line, f"person {author.id}")
        values = {
            "governance_id": author.id,
            "display_name": author.name,
            "github_handle": author.github_handle,
            "governance_position": position,
        }
        person = _find_person(author)
        if person is None:
            # Listed in a public repository, so public; a person the portal
            # already knows keeps the choice they made.
            person = Person(is_public=True)
        person = self.save(person, values, label)
        self.affiliations(person, author, label)
        self.seats(person, author)

    def affiliations(self, person, author, label):
        wanted = [self.organisations[key].pk for key in author.affiliations]
        rows = PersonOrganisation.objects.filter(person=person).order_by("position")
        if list(rows.values_list("organisation_id", flat=True)) == wanted:
            return
        rows.delete()
        PersonOrganisation.objects.bulk_create(
            PersonOrganisation(person=person, organisation_id=pk, position=index)
            for index, pk in enumerate(wanted)
        )
        self.report.changes.append(f"updated {label} (affiliations)")

    def seats(self, person, author):
        """Pair the entries of each body with the person's seats on it, in order;
        entries beyond the seats become new seats, seats beyond the entries stay."""
        held = {}
        for seat in person.memberships.order_by("governance_position", "pk"):
            held.setdefault(seat.body_id, []).append(seat)
        for position, entry in enumerate(author.seats):
            former_of = self.former_of.get(entry.team)
            body = former_of or self.bodies[entry.team]
            queue = held.get(body.pk, [])
            seat = queue.pop(0) if queue else Membership(person=person, body=body)
            label = _Label(
                fmt.CONTRIBUTORS_FILE, entry.line, f"seat of {author.id} on {entry.team}"
            )
            self.seat(seat, entry, position, ended=former_of is not None, label=label)

    def seat(self, seat, entry, position, *, ended, label):
        values = {
            "term_text": entry.term,
            "subproject": entry.subproject,
            "organisation": entry.organization,
            "governance_position": position,
        }
        years = fmt.term_years(entry.term)
        if ended and (years is None or years[1] is None):
            problem = f"a seat on {entry.team} has ended, so its term needs the year it ended"
            raise fmt.GovernanceDataError([fmt.Problem(label.file, label.line, problem)])
        # Dates the portal knows exactly (an election's) stay while the years agree.
        if seat.pk is None or seat.years != years or (seat.left_on is not None) != ended:
            values |= _dates(years, ended=ended)
            if ended and not seat.reason_for_leaving:
                values["reason_for_leaving"] = LEFT_BY_IMPORT
        before = (seat.pk, seat.left_on)
        self.save(seat, values, label)
        if seat.person.user_id and before != (seat.pk, seat.left_on):
            self.users_to_sync.add(seat.person.user)


@dataclass(frozen=True)
class _Label:
    file: str
    line: int
    text: str

    def __str__(self):
        return self.text


def _dates(years, *, ended):
    if years is None:
        return {"starts_on": None, "ends_on": None, "left_on": None}
    start, end = years
    last_day = datetime.date(end, 12, 31) if end else None
    return {
        "starts_on": datetime.date(start, 1, 1),
        "ends_on": last_day,
        "left_on": last_day if ended else None,
    }


def _find_person(author):
    person = Person.objects.filter(governance_id=author.id).first()
    if person is None and author.github_handle:
        person = Person.objects.filter(
            governance_id__isnull=True, github_handle__iexact=author.github_handle
        ).first()
    return person


def _people_in_portal_only(author_ids):
    """People with a seat on a body of the repository, or imported before, whom the files omit."""
    on_teams = Person.objects.filter(memberships__body__governance_id__isnull=False)
    imported = Person.objects.filter(governance_id__isnull=False)
    return (
        (on_teams | imported)
        .exclude(governance_id__in=author_ids)
        .distinct()
        .order_by("display_name")
    )


def _kind_of(team_id):
    if "council" in team_id:
        return BodyKind.COUNCIL
    if "committee" in team_id:
        return BodyKind.COMMITTEE
    if "working_group" in team_id:
        return BodyKind.WORKING_GROUP
    return BodyKind.TEAM


def _free_slug(team_id):
    base = slugify(team_id.replace("_", "-"))
    slug, number = base, 2
    while Body.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def governance_import(*, directory, apply=False):
    """Bring bodies, organisations, people and seats in line with the three files
    of `directory`. All or nothing: a problem in any file raises
    GovernanceDataError and writes nothing; without `apply` the run is rolled back
    and only reports what it would change.

    Side effects (with apply): creates and updates bodies, organisations, people
    and seats, ends the seats the files list as former, and syncs the portal roles
    of the people whose seats started or ended.
    """
    data = fmt.read_directory(directory)
    run = _Import(data)
    with transaction.atomic():
        run.run()
        run.report.applied = apply
        if not apply:
            transaction.set_rollback(True)
    return run.report
