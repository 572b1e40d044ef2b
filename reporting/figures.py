"""A report's figures as plain data: gathered from every app's section, written
down canonically (so that equal figures have equal digests), and compared
between two versions."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

from cwg_portal import registry

# The parts of each section: the period itself, and the year up to its end.
SPANS = (("period", "This period"), ("year_to_date", "Year to date"))
# The field that names an item of a list (a fund, a category, an event), so that
# a figure keeps its name when the items before it come and go.
NAMING_FIELDS = ("name", "title", "category", "person", "currency", "key", "label")


def collect(period, on_progress=None):
    """Every section's figures for the period and the year to date, in the
    report's order; `on_progress(percent)` after each section."""
    sections = registry.report_sections()
    found = []
    for done, section in enumerate(sections, start=1):
        found.append(
            {
                "key": section.key,
                "title": section.title,
                "template": section.template,
                "period": section.build(period.start, period.end),
                "year_to_date": section.build(period.year_start, period.end),
            }
        )
        if on_progress is not None:
            on_progress(done * 100 // (len(sections) + 1))
    return canonical_data(
        {
            "period": period.identifier,
            "starts_on": period.start,
            "ends_on": period.end,
            "sections": found,
        }
    )


def canonical(data):
    """The one JSON text of `data`: keys sorted, Decimals and dates as strings."""
    return json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))


def canonical_data(data):
    return json.loads(canonical(data))


def fingerprint(figures, *, follows):
    """The digest of the figures together with the number of the version they follow."""
    return hashlib.sha256(f"{follows}:{canonical(figures)}".encode()).hexdigest()


def _label(item, index, seen):
    label = f"#{index + 1}"
    if isinstance(item, dict):
        label = next((str(item[f]) for f in NAMING_FIELDS if f in item), label)
    seen[label] = seen.get(label, 0) + 1
    return label if seen[label] == 1 else f"{label} ({seen[label]})"


# Not figures: drawings of figures found elsewhere in the section (a change
# shows there) and the links to the pages the figures come from.
DRAWN = "charts"
NOT_FIGURES = frozenset({DRAWN, "sources"})


def _flatten(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_FIGURES:
                yield from _flatten(item, (*path, str(key)))
    elif isinstance(value, list):
        seen = {}
        for index, item in enumerate(value):
            yield from _flatten(item, (*path, _label(item, index, seen)))
    else:
        yield path, value


def flat_span(value):
    """[(names, value)] of every figure in one span of a section."""
    return list(_flatten(value))


def flat(figures):
    """{(section title, span label, *names): value} for every figure."""
    found = {}
    for section in figures["sections"]:
        for span, label in SPANS:
            for path, value in _flatten(section[span]):
                found[(section["title"], label, *path)] = value
    return found


def changes(old, new):
    """Every figure that moved between two versions' figures, in the newer one's
    order (figures gone last): [{"section", "figure", "old", "new"}], None where
    a figure did not exist."""
    before, after = flat(old), flat(new)
    keys = list(after) + [key for key in before if key not in after]
    return [
        {
            "section": key[0],
            "figure": " / ".join(key[1:]),
            "old": before.get(key),
            "new": after.get(key),
        }
        for key in keys
        if before.get(key, _MISSING) != after.get(key, _MISSING)
    ]


_MISSING = object()
