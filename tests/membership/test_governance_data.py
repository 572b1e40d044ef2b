"""The governance repository's leadership files in and out of the portal: the real
files survive a round trip, a second import changes nothing, a wrong file writes
nothing and says where it is wrong, and the portal's own elections reach the export."""

import datetime
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import timezone

from cwg_portal.roles import Role
from membership.models import Body, Membership, Organisation, Person
from membership.services.elections import council_decide
from membership.services.seats import membership_end
from tests.factories.membership import MembershipFactory, PersonFactory
from tests.membership.elections import elected_candidate

pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).parent / "governance_data" / "repository"
FILES = ("jupyter-teams.yml", "organizations.yml", "contributors.yml")


def run(command, *args):
    out = StringIO()
    call_command(command, *map(str, args), stdout=out)
    return out.getvalue().splitlines()


def parsed(directory):
    return {name: yaml.safe_load((Path(directory) / name).read_text()) for name in FILES}


def exported(tmp_path):
    run("export_governance_data", tmp_path / "out")
    return parsed(tmp_path / "out")


def written():
    return (
        Body.objects.count(),
        Person.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )


@pytest.fixture
def repository_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(REPOSITORY, copy)
    return copy


def edit(directory, name, old, new):
    path = directory / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_repository_files_imported_and_exported_parse_to_the_same_data_in_order(tmp_path):
    run("import_governance_data", REPOSITORY, "--apply")

    result = exported(tmp_path)

    original = parsed(REPOSITORY)
    for name, key in zip(FILES, ("teams", "affiliations", "authors"), strict=True):
        assert result[name]["version"] == 1
        assert len(result[name][key]) == len(original[name][key])
        for ours, theirs in zip(result[name][key], original[name][key], strict=True):
            assert ours == theirs
        assert result[name] == original[name]


def test_export_of_the_imported_repository_writes_its_teams_file_byte_for_byte(tmp_path):
    run("import_governance_data", REPOSITORY, "--apply")

    run("export_governance_data", tmp_path)

    for name in ("jupyter-teams.yml", "organizations.yml"):
        assert (tmp_path / name).read_text() == (REPOSITORY / name).read_text()


def test_import_takes_the_portal_bodies_instead_of_copying_them():
    run("import_governance_data", REPOSITORY, "--apply")

    cwg = Body.objects.get(slug="community-working-group")
    assert (cwg.governance_id, cwg.name, cwg.former_team_name) == (
        "community_building_working_group",
        "Community Building Working Group",
        "Former Community Building Working Group",
    )
    assert Body.objects.filter(name__icontains="Community Building").count() == 1
    assert Body.objects.get(slug="executive-council").governance_id == "executive_council"
    # A former team whose body the repository no longer lists is a body of its own.
    assert Body.objects.get(governance_id="former_steering_council").name == (
        "Former Steering Council"
    )
    assert not Body.objects.filter(governance_id="former_community_building_working_group")


def test_import_reads_terms_into_dates_and_keeps_their_text():
    run("import_governance_data", REPOSITORY, "--apply")

    def seats(person_id):
        return [
            (seat.body.governance_id, seat.starts_on, seat.ends_on, seat.left_on, seat.term_text)
            for seat in Membership.objects.filter(person__governance_id=person_id).order_by(
                "governance_position"
            )
        ]

    day = datetime.date
    assert seats("marthacryan") == [
        ("executive_council", day(2026, 1, 1), day(2027, 12, 31), None, "2026-2027"),
        ("software_steering_council", None, None, None, ""),
        ("dei_standing_committee", None, None, None, ""),
        (
            "community_building_working_group",
            day(2022, 1, 1),
            day(2026, 12, 31),
            day(2026, 12, 31),
            "2022-2026",
        ),
    ]
    assert seats("damianavila") == [
        (
            "former_steering_council",
            day(2014, 1, 1),
            day(2022, 12, 31),
            None,
            "Founding member, 2014-2022",
        ),
    ]
    april = Person.objects.get(governance_id="aprilmj")
    assert (april.display_name, april.github_handle, april.is_public) == (
        "April Johnson",
        "aprilmj",
        True,
    )
    assert list(
        Person.objects.get(governance_id="bigsur0").organisations.values_list("name", flat=True)
    ) == ["Apple"]


def test_second_import_changes_nothing_and_says_so():
    run("import_governance_data", REPOSITORY, "--apply")
    before = written()

    output = run("import_governance_data", REPOSITORY, "--apply")

    assert output == ["No changes: the portal already matches the files."]
    assert written() == before


def test_import_without_apply_reports_and_writes_nothing():
    before = written()

    output = run("import_governance_data", REPOSITORY)

    assert output[-1] == f"{len(output) - 1} changes; run again with --apply to write."
    assert "created person afshin" in output
    assert written() == before


def test_import_leaves_people_the_files_omit_alone_and_lists_them():
    cwg = Body.objects.get(slug="community-working-group")
    seat = MembershipFactory(person=PersonFactory(display_name="Rosa Parkes"), body=cwg)

    output = run("import_governance_data", REPOSITORY, "--apply")

    assert "left alone, not in the files: Rosa Parkes" in output
    assert Membership.objects.current().filter(pk=seat.pk).exists()


def test_import_keeps_the_privacy_a_known_person_chose():
    known = PersonFactory(display_name="Jason Grout", github_handle="jasongrout", is_public=False)

    run("import_governance_data", REPOSITORY, "--apply")

    known.refresh_from_db()
    assert (known.governance_id, known.is_public) == ("jasongrout", False)
    assert Person.objects.get(governance_id="afshin").is_public


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "contributors.yml",
            "  - id: aprilmj\n    name: April Johnson\n",
            "  - id: aprilmj\n    name: [April Johnson\n",
            "contributors.yml, line 29: not valid YAML: expected ',' or ']', but got ':' "
            "(while parsing a flow sequence from line 28)",
        ),
        (
            "contributors.yml",
            "      - team: media_strategy_working_group\n\n  - id: aprilmj",
            "      - team: media_strategy_workgroup\n\n  - id: aprilmj",
            "contributors.yml, line 25: unknown team `media_strategy_workgroup` "
            "(not in jupyter-teams.yml)",
        ),
        (
            "contributors.yml",
            "affiliations: [apple]",
            "affiliations: [apple-inc]",
            "contributors.yml, line 36: unknown organisation `apple-inc` "
            "(not in organizations.yml)",
        ),
        (
            "contributors.yml",
            "  - id: andrii-i\n",
            "  - id: afshin\n",
            "contributors.yml, line 21: duplicate author id `afshin`",
        ),
        (
            "contributors.yml",
            '      - team: former_executive_council\n        term: "2023-2025"',
            '      - team: former_executive_council\n        term: "2023-"',
            "contributors.yml, line 141: a seat on former_executive_council has ended, so its "
            "term needs the year it ended",
        ),
    ],
    ids=[
        "malformed-yaml",
        "unknown-team",
        "unknown-organisation",
        "duplicate-author",
        "former-seat-without-its-end",
    ],
)
def test_import_of_a_wrong_file_names_its_line_and_writes_nothing(
    repository_copy, name, old, new, message
):
    edit(repository_copy, name, old, new)
    before = written()

    with pytest.raises(CommandError) as error:
        run("import_governance_data", repository_copy, "--apply")

    assert str(error.value).startswith("Nothing was imported.\n")
    assert message in str(error.value)
    assert written() == before


def test_a_member_elected_and_approved_appears_in_their_team_then_moves_to_former(
    tmp_path, user_with_role
):
    run("import_governance_data", REPOSITORY, "--apply")
    cwg = Body.objects.get(governance_id="community_building_working_group")
    nomination = elected_candidate(cwg, name="Noor Haddad")
    Person.objects.filter(pk=nomination.nominee.pk).update(
        github_handle="noor-haddad", is_public=True
    )
    council_decide(nomination=nomination, decided_by=user_with_role(Role.COUNCIL), approve=True)
    year = timezone.localdate().year

    authors = exported(tmp_path)["contributors.yml"]["authors"]

    assert authors[-1] == {
        "id": "noor-haddad",
        "name": "Noor Haddad",
        "github": "https://github.com/noor-haddad",
        "teams": [{"team": "community_building_working_group", "term": f"{year}-"}],
    }
    assert authors[:-1] == parsed(REPOSITORY)["contributors.yml"]["authors"]

    membership_end(
        membership=Membership.objects.get(person=nomination.nominee), reason="Term ended"
    )

    authors = exported(tmp_path)["contributors.yml"]["authors"]
    assert authors[-1]["teams"] == [
        {"team": "former_community_building_working_group", "term": f"{year}"}
    ]


def test_demo_directory_is_loaded_from_its_files_through_the_import(tmp_path, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-the-tests")
    demo_files = Path(__file__).parents[2] / "membership" / "demo_governance"
    run("seed_demo")

    output = run("import_governance_data", demo_files)

    assert output == [
        "left alone, not in the files: Amani Mwangi",
        "left alone, not in the files: Jonas Lindqvist",
        "No changes: the portal already matches the files.",
    ]
    authors = exported(tmp_path)["contributors.yml"]["authors"]
    assert authors[:-1] == parsed(demo_files)["contributors.yml"]["authors"]
    assert authors[-1]["name"] == "Jonas Lindqvist"
