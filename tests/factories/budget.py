"""Factories of the budget app.

They create rows directly, as a fixture would: a ledger entry made here posts no
sponsor's fee and a claim made here skips the service's checks. Tests of a rule
call the service that owns it (`entry_post`, `claim_submit`, …) for the step
under test and use these factories for everything around it.
"""

import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from budget.enums import AllocationStatus, CategoryKind, ClaimStatus, DocumentKind, EntrySource
from budget.models import (
    Allocation,
    Category,
    ExpenseClaim,
    FeeTier,
    FiscalSponsor,
    FiscalYear,
    Fund,
    LedgerEntry,
    Receipt,
)
from cwg_portal.roles import Role
from tests.factories.membership import UserFactory

# The first bytes the receipt check looks for, each followed by a little body.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16 + b"\xff\xd9"


def upload(name="receipt.pdf", content=PDF_BYTES):
    """A file as a browser would send it."""
    return SimpleUploadedFile(name, content)


class FiscalSponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalSponsor

    name = factory.Sequence(lambda n: f"Sponsor {n}")
    slug = factory.Sequence(lambda n: f"sponsor-{n}")
    starts_on = datetime.date(2015, 1, 1)
    ends_on = None


class FeeTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeTier

    sponsor = factory.SubFactory(FiscalSponsorFactory)
    income_above = Decimal("0.00")
    rate = Decimal("0.0900")


def sponsor_with_tiers(**kwargs):
    """A sponsor charging 9% of a year's income up to 1,000,000 and 6% above."""
    sponsor = FiscalSponsorFactory(**kwargs)
    FeeTierFactory(sponsor=sponsor, income_above=Decimal("0.00"), rate=Decimal("0.0900"))
    FeeTierFactory(sponsor=sponsor, income_above=Decimal("1000000.00"), rate=Decimal("0.0600"))
    return sponsor


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"Community fund {n}")
    slug = factory.Sequence(lambda n: f"community-fund-{n}")
    currency = "USD"


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ("name",)

    name = factory.LazyAttribute(lambda year: f"FY{year.starts_on.year}")
    starts_on = datetime.date(2024, 1, 1)
    ends_on = factory.LazyAttribute(
        lambda year: (
            year.starts_on.replace(year=year.starts_on.year + 1) - datetime.timedelta(days=1)
        )
    )


class CategoryFactory(factory.django.DjangoModelFactory):
    """The standard categories exist already (a data migration creates them):
    `CategoryFactory(slug="venue")` returns the existing row."""

    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.LazyAttribute(lambda category: category.slug.replace("-", " ").capitalize())
    kind = CategoryKind.EXPENSE


def category(slug):
    """One of the standard categories, by slug."""
    return Category.objects.get(slug=slug)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    fund = factory.SubFactory(FundFactory)
    purpose = factory.Sequence(lambda n: f"Community workshop {n}")
    amount = Decimal("1000.00")
    decided_on = datetime.date(2024, 3, 1)
    status = AllocationStatus.OPEN
    decided_by = factory.SubFactory(UserFactory, roles=[Role.CWG_MEMBER])


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    """An entry in the fund's currency, saved directly: no fee is posted."""

    class Meta:
        model = LedgerEntry

    fund = factory.SubFactory(FundFactory)
    date = datetime.date(2024, 3, 15)
    reference = factory.Sequence(lambda n: f"TX-{n:05d}")
    category = factory.LazyFunction(lambda: category("donation"))
    amount = Decimal("100.00")
    currency = factory.LazyAttribute(lambda entry: entry.fund.currency)
    amount_fund = factory.LazyAttribute(lambda entry: entry.amount)
    rate = Decimal("1")
    source = EntrySource.MANUAL
    entered_by = factory.SubFactory(UserFactory, roles=[Role.FINANCE_STAFF])


class ExpenseClaimFactory(factory.django.DjangoModelFactory):
    """A submitted claim in the fund's currency with a receipt attached (the
    receipt's row only: no file is written)."""

    class Meta:
        model = ExpenseClaim
        skip_postgeneration_save = True

    claimant = factory.SubFactory(UserFactory)
    fund = factory.SubFactory(FundFactory)
    category = factory.LazyFunction(lambda: category("supplies"))
    description = "Printed name badges"
    amount = Decimal("85.50")
    currency = factory.LazyAttribute(lambda claim: claim.fund.currency)
    status = ClaimStatus.SUBMITTED

    @factory.post_generation
    def receipts(claim, create, extracted, **kwargs):
        # `receipts=[]` leaves the claim without documents; a list of kinds sets them.
        if not create:
            return
        for kind in [DocumentKind.RECEIPT] if extracted is None else extracted:
            ReceiptFactory(claim=claim, kind=kind)


class ReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Receipt

    claim = factory.SubFactory(ExpenseClaimFactory, receipts=[])
    kind = DocumentKind.RECEIPT
    token = factory.Sequence(lambda n: f"{n:032x}")
    file = factory.LazyAttribute(lambda receipt: f"receipts/{receipt.claim.pk}/{receipt.token}")
    original_name = "receipt.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.LazyAttribute(lambda receipt: receipt.claim.claimant)
