"""The DISC guideline items the portal starts with. Created by a migration so a new
installation has them; after that they are data, edited in the admin."""

from dei.enums import DiscTheme, DiscTier

DISC_ITEMS = [
    (
        "code-of-conduct",
        "Publish a code of conduct with how to report, and name the contacts at the event",
        DiscTier.ESSENTIAL,
    ),
    (
        "accessible-venue",
        "Choose an accessible venue (step-free access, accessible restrooms) and say so",
        DiscTier.ESSENTIAL,
    ),
    (
        "inclusive-outreach",
        "Announce the event where under-represented groups will see it",
        DiscTier.ESSENTIAL,
    ),
    (
        "open-selection",
        "Publish how participants are chosen, and choose them openly",
        DiscTier.ESSENTIAL,
    ),
    (
        "diverse-organisers",
        "Invite a diverse group of organisers, speakers and participants",
        DiscTier.ESSENTIAL,
    ),
    ("dietary-needs", "Ask about dietary needs and provide for them", DiscTier.ESSENTIAL),
    ("pronouns", "Offer pronouns on name badges and in introductions", DiscTier.ESSENTIAL),
    ("travel-support", "Offer travel support to participants who need it", DiscTier.STRETCH),
    ("childcare", "Offer childcare or pay for it", DiscTier.STRETCH),
    ("quiet-room", "Provide a quiet room", DiscTier.STRETCH),
    ("captioning", "Caption talks and online sessions", DiscTier.STRETCH),
    ("all-gender-restrooms", "Provide all-gender restrooms", DiscTier.STRETCH),
    (
        "time-zones",
        "Schedule online sessions so that several time zones can join",
        DiscTier.STRETCH,
    ),
    (
        "inclusion-survey",
        "Run an anonymous survey on inclusion after the event",
        DiscTier.STRETCH,
    ),
]


def ensure_disc_items(DiscItem):
    """Create the missing items; existing rows are left as they are."""
    for position, (slug, text, tier) in enumerate(DISC_ITEMS, start=1):
        DiscItem.objects.get_or_create(
            slug=slug, defaults={"text": text, "tier": tier, "position": position}
        )


# The theme each starting item is grouped under on the checklist.
DISC_THEMES = {
    "code-of-conduct": DiscTheme.CONDUCT,
    "accessible-venue": DiscTheme.ACCESS,
    "inclusive-outreach": DiscTheme.OUTREACH,
    "open-selection": DiscTheme.OUTREACH,
    "diverse-organisers": DiscTheme.OUTREACH,
    "dietary-needs": DiscTheme.CARE,
    "pronouns": DiscTheme.CONDUCT,
    "travel-support": DiscTheme.OUTREACH,
    "childcare": DiscTheme.CARE,
    "quiet-room": DiscTheme.CARE,
    "captioning": DiscTheme.ACCESS,
    "all-gender-restrooms": DiscTheme.CARE,
    "time-zones": DiscTheme.ACCESS,
    "inclusion-survey": DiscTheme.OUTREACH,
}


def assign_disc_themes(DiscItem):
    """Group the starting items by theme; items added since keep theirs."""
    for slug, theme in DISC_THEMES.items():
        DiscItem.objects.filter(slug=slug).update(theme=theme)
