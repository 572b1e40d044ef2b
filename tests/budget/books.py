"""What the budget page tests share: entries posted and claims submitted through
the services, and the labels a page offers in a select."""

import datetime
import re
from decimal import Decimal
from html import unescape

from budget.enums import DocumentKind
from budget.services.claims import claim_submit
from budget.services.ledger import entry_post
from tests.factories.budget import category, upload


def select_options(response, name):
    select = re.search(
        rf'<select name="{name}"[^>]*>(.*?)</select>', response.content.decode(), re.DOTALL
    )
    return [unescape(label) for label in re.findall(r"<option[^>]*>(.*?)</option>", select[1])]


def post(fund, reference, amount, *, by, slug="donation", day=datetime.date(2024, 3, 15), **extra):
    return entry_post(
        fund=fund,
        date=day,
        reference=reference,
        category=category(slug),
        amount=Decimal(amount),
        entered_by=by,
        **extra,
    )


def submit(claimant, fund, *, amount="85.50", description="Printed name badges", **extra):
    return claim_submit(
        claimant=claimant,
        fund=fund,
        category=extra.pop("category", category("supplies")),
        amount=Decimal(amount),
        currency=extra.pop("currency", fund.currency),
        description=description,
        documents=extra.pop("documents", [(DocumentKind.RECEIPT, upload())]),
        **extra,
    )
