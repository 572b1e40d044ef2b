"""The budget pages' filters: money as Decimal with two decimals and its currency
code, and people by the name they chose.

Floats are refused rather than rounded: an amount that reached a template as a
float has already lost cents somewhere, and the page must not hide it.
"""

from decimal import Decimal

from django import template

from budget.validators import CENT

register = template.Library()


def format_amount(value):
    """'1234.5' → '1,234.50'; Decimal arithmetic only."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("Money is a Decimal, never a float.")
    return f"{Decimal(value).quantize(CENT):,.2f}"


@register.filter
def amount(value):
    return format_amount(value)


@register.filter
def money(value, currency):
    """`{{ entry.amount|money:entry.currency }}` → '-3,200.00 USD'."""
    if value is None or value == "":
        return ""
    return f"{format_amount(value)} {currency}"


@register.filter
def who(user):
    """A user by their profile's display name, else their username."""
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.display_name if person is not None else user.get_username()
