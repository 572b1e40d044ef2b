from django.db import models


class CategoryKind(models.TextChoices):
    INCOME = "income", "Income"
    EXPENSE = "expense", "Expense"


class EntrySource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    IMPORT = "import", "Imported from the sponsor's export"
    CLAIM = "claim", "Payment of an expense claim"
    FEE = "fee", "Fiscal sponsor's fee"
    REVERSAL = "reversal", "Reversal of an entry"


# References that people or the sponsor give are unique within a fund (a
# re-import adds nothing twice). The portal's own entries are tied to what they
# come from by a link (the entry reversed, the income charged, the claim paid);
# their reference is a label, so no reference given by hand can block them.
GIVEN_REFERENCE_SOURCES = (EntrySource.MANUAL, EntrySource.IMPORT)


class AllocationStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed (unspent money returned)"
    CANCELLED = "cancelled", "Cancelled"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    REJECTED = "rejected", "Rejected"


# Meals are reimbursed up to a daily limit, so a claim in this category says how many days.
MEAL_CATEGORY = "catering"

# A claim still to be paid or rejected.
CLAIM_WAITING = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)


class DocumentKind(models.TextChoices):
    RECEIPT = "receipt", "Receipt"
    INVOICE = "invoice", "Invoice"
    CONTRACT = "contract", "Contract"


# The sponsor's fee is posted under this category; it is never typed by hand.
SPONSOR_FEE_CATEGORY = "fiscal-sponsor-fee"
# Indirect costs (an institution's overhead); calls that fund direct costs only refuse it.
OVERHEAD_CATEGORY = "overhead"
