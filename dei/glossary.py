"""The glossary's first working definitions, created by a migration; after that
the DEI committee edits them in the portal, every version kept."""

SOURCE = "Working definition of the Jupyter Community Working Group's DEI committee"
SOURCE_URL = "https://numfocus.org/programs/diversity-inclusion"

GLOSSARY = [
    (
        "diversity",
        "Diversity",
        "The presence of people of different backgrounds, identities, abilities and "
        "experiences among the community's contributors, users, organisers and leaders.",
    ),
    (
        "equity",
        "Equity",
        "Fair access to the community's opportunities and resources, reached by removing "
        "the barriers some people face and supporting them according to their needs.",
    ),
    (
        "inclusion",
        "Inclusion",
        "A community where everyone is welcome, respected and able to take part fully, "
        "and where their contributions are valued and heard.",
    ),
]


def ensure_glossary(GlossaryEntry):
    for position, (slug, term, definition) in enumerate(GLOSSARY, start=1):
        GlossaryEntry.objects.get_or_create(
            slug=slug,
            defaults={
                "term": term,
                "definition": definition,
                "source": SOURCE,
                "source_url": SOURCE_URL,
                "position": position,
            },
        )
