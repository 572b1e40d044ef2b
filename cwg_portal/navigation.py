"""The main navigation: each entry shows only to those its predicate admits."""

from dataclasses import dataclass

import rules
from django.urls import reverse

from cwg_portal.roles import is_admin, is_authenticated


def holds_perm(name):
    """A predicate for a `rules` permission that takes no object."""
    return rules.predicate(lambda user: user.has_perm(name), name=f"holds_perm:{name}")


# For the public pages: the anonymous header shows them too.
everyone = rules.predicate(lambda user: True, name="everyone")


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    predicate: rules.Predicate

    @property
    def url(self):
        return reverse(self.url_name)


MAIN_NAVIGATION = (
    NavItem("Dashboard", "dashboard", is_authenticated),
    NavItem("Events", "events:list", is_authenticated),
    NavItem("Workshops", "workshops:index", everyone),
    NavItem("Budget", "budget:dashboard", holds_perm("budget.view_dashboard")),
    NavItem("Claims", "budget:claims", is_authenticated),
    NavItem("Elections", "membership:elections", holds_perm("membership.list_elections")),
    NavItem("Directory", "membership:directory", everyone),
    NavItem("API", "api-docs", is_authenticated),
    NavItem("Administration", "admin:index", is_admin),
)


def navigation_for(user):
    return [item for item in MAIN_NAVIGATION if item.predicate(user)]
