"""The leadership data files of Project Jupyter's governance repository
(`docs/_data/`): jupyter-teams.yml, organizations.yml and contributors.yml.

Reading keeps each entry's line so that a mistake is reported where it is;
writing follows the repository's own layout (key order, blank lines between
entries, quoted terms, affiliations as a flow list) so that exporting what was
imported gives back the same files. Nothing here touches the database.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TEAMS_FILE = "jupyter-teams.yml"
ORGANISATIONS_FILE = "organizations.yml"
CONTRIBUTORS_FILE = "contributors.yml"
FILES = (TEAMS_FILE, ORGANISATIONS_FILE, CONTRIBUTORS_FILE)
FORMER_PREFIX = "former_"

TEAM_KEYS = ("id", "name", "homepage", "team_compass")
ORGANISATION_KEYS = ("id", "name", "url")
AUTHOR_KEYS = ("id", "name", "github", "affiliations", "teams")
SEAT_KEYS = ("team", "subproject", "organization", "term")

_GITHUB_URL = re.compile(r"^https://github\.com/([A-Za-z0-9-]{1,39})/?$")
# The last run of years in a term: "2023-2026", "2018-", "2023", "Founding member, 2014-2022".
_YEARS = re.compile(r"(?<!\d)(\d{4})(\s*[-\u2013]\s*(\d{4})?)?(?!\d)")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self):
        return f"{self.file}, line {self.line}: {self.message}"


class GovernanceDataError(Exception):
    """The files cannot be imported; `problems` says where and why."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class Team:
    id: str
    name: str
    homepage: str
    team_compass: str
    line: int

    @property
    def is_former(self):
        return self.id.startswith(FORMER_PREFIX)

    @property
    def current_id(self):
        """The team a former_ team lists the past members of."""
        return self.id.removeprefix(FORMER_PREFIX)


@dataclass
class Organisation:
    id: str
    name: str
    url: str
    line: int


@dataclass
class Seat:
    team: str
    subproject: str
    organization: str
    term: str
    line: int


@dataclass
class Author:
    id: str
    name: str
    github_handle: str
    affiliations: list
    seats: list
    line: int


@dataclass
class GovernanceData:
    teams: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    authors: list = field(default_factory=list)


def term_years(term):
    """The first and last year a term's text gives: (2023, 2026) for "2023-2026",
    (2018, None) for "2018-", (2023, 2023) for "2023"; None without a year."""
    matches = list(_YEARS.finditer(term or ""))
    if not matches:
        return None
    start, dash, end = matches[-1].groups()
    return int(start), int(end) if end else (None if dash else int(start))


def term_from_years(years):
    start, end = years
    if end == start:
        return str(start)
    return f"{start}-{end or ''}"


def github_url(handle):
    return f"https://github.com/{handle}" if handle else ""


# Reading


class _Mapping(dict):
    line = 0
    key_lines = {}

    def line_of(self, key):
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """Safe YAML whose mappings remember the line they start on."""


def _construct_mapping(loader, node):
    mapping = _Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _FileReader:
    """Checks one file's entries, collecting every problem instead of stopping at the first."""

    def __init__(self, name, problems):
        self.name, self.problems = name, problems

    def problem(self, line, message):
        self.problems.append(Problem(self.name, line, message))

    def entries(self, document, list_key):
        if not isinstance(document, dict) or document.get("version") != 1:
            self.problem(getattr(document, "line", 1), "expected `version: 1` at the top")
            return []
        entries = document.get(list_key)
        if not isinstance(entries, list):
            self.problem(document.line, f"expected a list under `{list_key}:`")
            return []
        good = []
        for entry in entries:
            if isinstance(entry, dict):
                good.append(entry)
            else:
                self.problem(document.line, f"an entry of `{list_key}` is not a mapping")
        return good

    def text(self, entry, key, *, required=False):
        value = entry.get(key)
        if value is None or value == "":
            if required:
                self.problem(entry.line, f"`{key}` is missing")
            return ""
        if isinstance(value, (dict, list)):
            self.problem(entry.line_of(key), f"`{key}` should be text")
            return ""
        return str(value)

    def known_keys(self, entry, keys):
        for key in entry.keys() - set(keys):
            self.problem(entry.line_of(key), f"unknown key `{key}` (expected {', '.join(keys)})")

    def unique(self, items, what):
        seen = set()
        for item in items:
            if item.id in seen:
                self.problem(item.line, f"duplicate {what} id `{item.id}`")
            seen.add(item.id)


def _load(directory, name, problems):
    path = Path(directory) / name
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 -- a SafeLoader
    except FileNotFoundError:
        problems.append(Problem(name, 0, f"no such file in {directory}"))
    except yaml.YAMLError as error:
        problems.append(_yaml_problem(name, error))
    return None


def _yaml_problem(name, error):
    mark = getattr(error, "problem_mark", None)
    message = f"not valid YAML: {getattr(error, 'problem', None) or error}"
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and context_mark:
        message += f" ({context} from line {context_mark.line + 1})"
    return Problem(name, mark.line + 1 if mark else 0, message)


def _read_teams(document, problems):
    reader = _FileReader(TEAMS_FILE, problems)
    teams = []
    for entry in reader.entries(document, "teams"):
        reader.known_keys(entry, TEAM_KEYS)
        teams.append(
            Team(
                id=reader.text(entry, "id", required=True),
                name=reader.text(entry, "name", required=True),
                homepage=reader.text(entry, "homepage"),
                team_compass=reader.text(entry, "team_compass"),
                line=entry.line,
            )
        )
    reader.unique(teams, "team")
    return teams


def _read_organisations(document, problems):
    reader = _FileReader(ORGANISATIONS_FILE, problems)
    organisations = []
    for entry in reader.entries(document, "affiliations"):
        reader.known_keys(entry, ORGANISATION_KEYS)
        organisations.append(
            Organisation(
                id=reader.text(entry, "id", required=True),
                name=reader.text(entry, "name", required=True),
                url=reader.text(entry, "url"),
                line=entry.line,
            )
        )
    reader.unique(organisations, "organisation")
    return organisations


def _read_seat(reader, entry, team_ids):
    reader.known_keys(entry, SEAT_KEYS)
    team = reader.text(entry, "team", required=True)
    if team and team not in team_ids:
        reader.problem(entry.line, f"unknown team `{team}` (not in {TEAMS_FILE})")
    return Seat(
        team=team,
        subproject=reader.text(entry, "subproject"),
        organization=reader.text(entry, "organization"),
        term=reader.text(entry, "term"),
        line=entry.line,
    )


def _read_author(reader, entry, team_ids, organisation_ids):
    reader.known_keys(entry, AUTHOR_KEYS)
    github = reader.text(entry, "github")
    match = _GITHUB_URL.match(github)
    if github and not match:
        reader.problem(
            entry.line_of("github"), f"`github` should be https://github.com/<handle>, not {github}"
        )
    affiliations = entry.get("affiliations") or []
    if not isinstance(affiliations, list):
        reader.problem(entry.line_of("affiliations"), "`affiliations` should be a list of ids")
        affiliations = []
    for affiliation in affiliations:
        if affiliation not in organisation_ids:
            reader.problem(
                entry.line_of("affiliations"),
                f"unknown organisation `{affiliation}` (not in {ORGANISATIONS_FILE})",
            )
    seats = entry.get("teams") or []
    if not isinstance(seats, list) or not all(isinstance(seat, dict) for seat in seats):
        reader.problem(
            entry.line_of("teams"), "`teams` should be a list of `- team: <team id>` entries"
        )
        seats = []
    return Author(
        id=reader.text(entry, "id", required=True),
        name=reader.text(entry, "name", required=True),
        github_handle=match.group(1) if match else "",
        affiliations=[str(affiliation) for affiliation in affiliations],
        seats=[_read_seat(reader, seat, team_ids) for seat in seats],
        line=entry.line,
    )


def _read_authors(document, problems, team_ids, organisation_ids):
    reader = _FileReader(CONTRIBUTORS_FILE, problems)
    authors = [
        _read_author(reader, entry, team_ids, organisation_ids)
        for entry in reader.entries(document, "authors")
    ]
    reader.unique(authors, "author")
    return authors


def read_directory(directory):
    """The three files of a directory, checked; GovernanceDataError lists every
    problem with its file and line."""
    problems = []
    documents = {name: _load(directory, name, problems) for name in FILES}
    if problems:
        raise GovernanceDataError(problems)
    teams = _read_teams(documents[TEAMS_FILE], problems)
    organisations = _read_organisations(documents[ORGANISATIONS_FILE], problems)
    authors = _read_authors(
        documents[CONTRIBUTORS_FILE],
        problems,
        {team.id for team in teams},
        {organisation.id for organisation in organisations},
    )
    if problems:
        raise GovernanceDataError(problems)
    return GovernanceData(teams=teams, organisations=organisations, authors=authors)


# Writing


def _plain(value):
    """A scalar as the repository writes it: bare when YAML reads it back as the
    same text, quoted otherwise."""
    text = yaml.safe_dump(value, allow_unicode=True, width=float("inf"))
    return text.removesuffix("\n...\n").rstrip("\n")


def _entries(header, entries):
    if not entries:
        return f"version: 1\n{header}: []\n"
    blocks = ["\n".join(lines) for lines in entries]
    return f"version: 1\n{header}:\n" + "\n\n".join(blocks) + "\n"


def _mapping_lines(entry, keys, indent):
    lines = []
    for key in keys:
        if entry.get(key):
            prefix = "- " if not lines else "  "
            lines.append(f"{indent}{prefix}{key}: {_plain(entry[key])}")
    return lines


def dump_teams(teams):
    """jupyter-teams.yml from a list of {id, name, homepage?, team_compass?}."""
    return _entries("teams", [_mapping_lines(team, TEAM_KEYS, "  ") for team in teams])


def dump_organisations(organisations):
    """organizations.yml from a list of {id, name, url}."""
    return _entries(
        "affiliations",
        [_mapping_lines(organisation, ORGANISATION_KEYS, "  ") for organisation in organisations],
    )


def _seat_lines(seat):
    lines = _mapping_lines({**seat, "term": ""}, SEAT_KEYS, "      ")
    if seat.get("term"):
        # The repository quotes every term, so that "2023" stays text.
        lines.append(f"        term: {json.dumps(seat['term'], ensure_ascii=False)}")
    return lines


def _author_lines(author):
    lines = _mapping_lines(author, ("id", "name", "github"), "  ")
    if author.get("affiliations"):
        lines.append(f"    affiliations: [{', '.join(map(_plain, author['affiliations']))}]")
    if author.get("teams"):
        lines.append("    teams:")
        for seat in author["teams"]:
            lines.extend(_seat_lines(seat))
    return lines


def dump_contributors(authors):
    """contributors.yml from a list of {id, name, github?, affiliations?, teams?}."""
    return _entries("authors", [_author_lines(author) for author in authors])


_DUMPERS = {
    TEAMS_FILE: dump_teams,
    ORGANISATIONS_FILE: dump_organisations,
    CONTRIBUTORS_FILE: dump_contributors,
}


def dump_governance_file(name, entries):
    """One of the three files, by its name, from its entries."""
    return _DUMPERS[name](entries)
