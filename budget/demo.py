"""Demo money: the community fund at its sponsors, a year of entries, an
allocation and claims in each state; `large` adds ten years of entries."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from budget.categories import ensure_standard_categories
from budget.enums import DocumentKind
from budget.models import (
    Allocation,
    Category,
    ExpenseClaim,
    FeeTier,
    FiscalSponsor,
    FiscalYear,
    Fund,
    LedgerEntry,
)
from budget.services.allocations import allocation_create
from budget.services.claims import claim_approve, claim_pay, claim_submit
from budget.services.ledger import entry_post
from cwg_portal.roles import Role
from events.selectors import events

# The smallest valid PDF the receipt check accepts: a stand-in for a scanned receipt.
DEMO_RECEIPT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _sponsors():
    numfocus, _ = FiscalSponsor.objects.get_or_create(
        slug="numfocus",
        defaults={
            "name": "NumFOCUS",
            "website": "https://numfocus.org",
            "starts_on": datetime.date(2015, 1, 1),
            "ends_on": datetime.date(2024, 6, 30),
        },
    )
    lf, _ = FiscalSponsor.objects.get_or_create(
        slug="lf-charities",
        defaults={
            "name": "LF Charities",
            "website": "https://www.linuxfoundation.org",
            "starts_on": datetime.date(2024, 7, 1),
        },
    )
    for sponsor in (numfocus, lf):
        FeeTier.objects.get_or_create(
            sponsor=sponsor, income_above=0, defaults={"rate": Decimal("0.09")}
        )
        FeeTier.objects.get_or_create(
            sponsor=sponsor, income_above=Decimal("1000000"), defaults={"rate": Decimal("0.06")}
        )


def _fiscal_years(first, last):
    for year in range(first, last + 1):
        FiscalYear.objects.get_or_create(
            name=f"FY{year}",
            defaults={
                "starts_on": datetime.date(year, 1, 1),
                "ends_on": datetime.date(year, 12, 31),
            },
        )


def _post(fund, finance, reference, day, slug, amount, **extra):
    if not LedgerEntry.objects.filter(fund=fund, reference=reference).exists():
        entry_post(
            fund=fund,
            date=day,
            reference=reference,
            category=Category.objects.get(slug=slug),
            amount=Decimal(amount),
            entered_by=finance,
            **extra,
        )


def seed(demo):
    users, size = demo.users, demo.size
    ensure_standard_categories(Category)
    _sponsors()
    today = timezone.localdate()
    _fiscal_years(today.year - (10 if size == "large" else 1), today.year + 1)
    fund, _ = Fund.objects.get_or_create(
        slug="jupyter-community",
        defaults={
            "name": "Jupyter community fund",
            "currency": "USD",
            "description": "Donations and event revenue for Jupyter community building.",
        },
    )
    finance, chair = users[Role.FINANCE_STAFF], users[Role.CWG_CHAIR]
    start = today.replace(month=1, day=1)
    _post(
        fund,
        finance,
        "NF-DEMO-0001",
        start,
        "donation",
        "25000.00",
        counterparty="Individual donors",
    )
    _post(
        fund,
        finance,
        "NF-DEMO-0002",
        start + datetime.timedelta(days=20),
        "sponsorship",
        "15000.00",
        counterparty="Example Analytics Inc.",
    )
    _post(
        fund,
        finance,
        "NF-DEMO-0003",
        start + datetime.timedelta(days=40),
        "venue",
        "-3200.00",
        counterparty="Community Hall",
        description="Workshop venue hire",
    )
    _post(
        fund,
        finance,
        "NF-DEMO-0004",
        start + datetime.timedelta(days=45),
        "registration",
        "4200.00",
        currency="EUR",
        amount_fund=Decimal("4536.00"),
        counterparty="Ticket sales",
    )
    if size == "large":
        _seed_decade(fund, finance, today)
    workshop = events().filter(slug="jupyter-accessibility-workshop").first()
    allocation = Allocation.objects.filter(
        fund=fund, purpose="Jupyter Accessibility Workshop"
    ).first()
    if allocation is None:
        allocation = allocation_create(
            fund=fund,
            purpose="Jupyter Accessibility Workshop",
            amount=Decimal("12000.00"),
            decided_on=start + datetime.timedelta(days=30),
            decided_by=chair,
            event=workshop,
            decision_note="Accepted in the spring call.",
        )
    if not ExpenseClaim.objects.filter(fund=fund).exists():
        _seed_claims(fund, allocation, workshop, users)


def _claim(fund, allocation, event, claimant, slug, amount, description, **extra):
    return claim_submit(
        **extra,
        claimant=claimant,
        fund=fund,
        category=Category.objects.get(slug=slug),
        amount=Decimal(amount),
        currency="USD",
        description=description,
        event=event,
        allocation=allocation,
        documents=[(DocumentKind.RECEIPT, SimpleUploadedFile("receipt.pdf", DEMO_RECEIPT))],
    )


def _seed_claims(fund, allocation, event, users):
    organiser = users[Role.COMMUNITY]
    _claim(
        fund,
        allocation,
        event,
        organiser,
        "catering",
        "270.00",
        "Lunches for 16 participants",
        meal_days=3,
    )
    approved = _claim(fund, allocation, event, organiser, "travel", "420.00", "Train tickets")
    claim_approve(claim=approved, approver=users[Role.CWG_MEMBER])
    paid = _claim(fund, allocation, event, organiser, "supplies", "85.50", "Printed name badges")
    claim_approve(claim=paid, approver=users[Role.CWG_MEMBER])
    claim_pay(claim=paid, paid_by=users[Role.FINANCE_STAFF])


def _seed_decade(fund, finance, today):
    for year in range(today.year - 10, today.year):
        for month in range(1, 13):
            day = datetime.date(year, month, 15)
            _post(fund, finance, f"HIST-{year}-{month:02d}-D", day, "donation", "4000.00")
            _post(fund, finance, f"HIST-{year}-{month:02d}-V", day, "venue", "-1500.00")
            _post(fund, finance, f"HIST-{year}-{month:02d}-T", day, "travel", "-900.00")
