"""Reads of the dei app that other apps use."""

from dei.models import DiscItem


def disc_items_in_use():
    return DiscItem.objects.in_use()
