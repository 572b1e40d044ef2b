"""The standard categories of the group's books. Created by a migration so that a
new installation has them, and by seed_demo, which goes through the same list."""

from budget.enums import OVERHEAD_CATEGORY, SPONSOR_FEE_CATEGORY, CategoryKind

STANDARD_CATEGORIES = [
    ("donation", "Donations", CategoryKind.INCOME),
    ("sponsorship", "Sponsorship", CategoryKind.INCOME),
    ("registration", "Registrations", CategoryKind.INCOME),
    ("workshop-revenue", "Workshop revenue", CategoryKind.INCOME),
    ("grant", "Grants", CategoryKind.INCOME),
    ("venue", "Venue", CategoryKind.EXPENSE),
    ("catering", "Catering and meals", CategoryKind.EXPENSE),
    ("travel", "Travel", CategoryKind.EXPENSE),
    ("accessibility", "Accessibility", CategoryKind.EXPENSE),
    ("childcare", "Childcare", CategoryKind.EXPENSE),
    ("scholarships", "Scholarships", CategoryKind.EXPENSE),
    ("staff-services", "Events staff services", CategoryKind.EXPENSE),
    ("supplies", "Supplies", CategoryKind.EXPENSE),
    ("bank-fees", "Bank fees", CategoryKind.EXPENSE),
    ("other", "Other expenses", CategoryKind.EXPENSE),
    (OVERHEAD_CATEGORY, "Overhead and indirect costs", CategoryKind.EXPENSE),
]
SYSTEM_CATEGORIES = [
    (SPONSOR_FEE_CATEGORY, "Fiscal sponsor's fee", CategoryKind.EXPENSE),
]


def ensure_standard_categories(Category):
    """Create the missing standard categories; existing rows are left as they are."""
    for slug, name, kind in STANDARD_CATEGORIES:
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})
    for slug, name, kind in SYSTEM_CATEGORIES:
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "is_system": True}
        )
