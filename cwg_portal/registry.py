"""What each app contributes to the portal, and where the portal finds it.

Every installed app may have a `portal` module holding one `Contributions`
record: its URL mount, dashboard panels, navigation entries, API routes,
notification kinds, calendar sources, report sections, demo-data builder, what
it does when an account is created and why a claim's payment must wait. The
portal reads them from there, the way the admin finds each app's `admin.py`, so
that `cwg_portal` itself imports no app and a new app plugs in without touching
it.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from graphlib import TopologicalSorter
from importlib import import_module

import rules
from django.apps import apps
from django.urls import reverse

# For the public pages: the anonymous header shows them too.
everyone = rules.predicate(lambda user: True, name="everyone")


def holds_perm(name):
    """A predicate for a `rules` permission that takes no object."""
    return rules.predicate(lambda user: user.has_perm(name), name=f"holds_perm:{name}")


@dataclass(frozen=True)
class Panel:
    """One dashboard panel: shown to those its predicate admits, in `order`."""

    title: str
    template: str
    predicate: rules.Predicate
    context: Callable
    order: int = 100

    @classmethod
    def listing(cls, title, template, items, *, name, order=100, limit=None):
        """A panel that lists `items(user)` (a queryset) under `name`, shown to
        those for whom there is anything to list."""
        return cls(
            title=title,
            template=template,
            predicate=rules.predicate(lambda user: items(user).exists(), name=f"has:{title}"),
            context=lambda user: {name: items(user)[:limit]},
            order=order,
        )


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    predicate: rules.Predicate
    order: int = 100

    @property
    def url(self):
        return reverse(self.url_name)


@dataclass(frozen=True)
class ApiRoute:
    """A viewset registered on the API router under /api/v1/<prefix>/."""

    prefix: str
    viewset: type
    basename: str


@dataclass(frozen=True)
class NotificationKind:
    """Something a person is told about. `recipients(subject)` names the users
    concerned by the object the notification is about; `subject` is a format
    string over the context given when it is sent; the body is the template
    `<app>/notifications/<name>.txt`, or the `text` the sender composed."""

    key: str
    label: str
    subject: str
    recipients: Callable[[object], Iterable]
    composed: bool = False

    @classmethod
    def composed_by_sender(cls, key, label, recipients):
        """A kind whose subject and text the sending service writes itself
        (given as `subject` and `text` when it is sent)."""
        return cls(key=key, label=label, subject="{subject}", recipients=recipients, composed=True)

    @property
    def template(self):
        if self.composed:
            return "cwg_portal/notifications/composed.txt"
        app, name = self.key.split(".", 1)
        return f"{app}/notifications/{name}.txt"


@dataclass(frozen=True)
class CalendarEntry:
    """A dated item in someone's calendar: a deadline, an event, a review due."""

    date: datetime.date
    title: str
    url: str
    category: str
    end: datetime.date | None = None


@dataclass(frozen=True)
class RoleSource:
    """A portal role an app grants while something lasts (a staff engagement).
    `manages(user)` says whether the source speaks for that user at all, and
    `grants(user, on)` whether it gives them the role on that day. The role sync
    takes the role from those it manages once neither this source nor any other
    (a seat, another source) gives it; a holder it does not manage keeps it."""

    role: str
    manages: Callable[[object], bool]
    grants: Callable[[object, datetime.date], bool]


@dataclass(frozen=True)
class ProfileSection:
    """A part of a person's own profile page that another app keeps: `context(person)`
    gives what `template` shows."""

    title: str
    template: str
    context: Callable[[object], dict]
    order: int = 100


@dataclass(frozen=True)
class ReportSection:
    """One section of the quarterly report: `build(start, end)` returns its
    figures (plain data, stored with the report) and `template` renders them."""

    key: str
    title: str
    build: Callable[[datetime.date, datetime.date], dict]
    template: str
    order: int = 100


@dataclass
class DemoContext:
    """What the demo builders share: the password, the size, and the users
    (one per role) the membership builder creates for the others."""

    password: str
    size: str
    users: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DemoBuilder:
    seed: Callable[[DemoContext], None]
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contributions:
    app: str
    mount: str | None = None
    panels: tuple[Panel, ...] = ()
    navigation: tuple[NavItem, ...] = ()
    # Links every page's footer carries for those they admit (public help, forms).
    footer: tuple[NavItem, ...] = ()
    api_routes: tuple[ApiRoute, ...] = ()
    api_urls: tuple = ()
    notifications: tuple[NotificationKind, ...] = ()
    calendar: tuple[Callable, ...] = ()
    report_sections: tuple[ReportSection, ...] = ()
    profile_sections: tuple[ProfileSection, ...] = ()
    role_sources: tuple[RoleSource, ...] = ()
    demo: DemoBuilder | None = None
    on_account_created: tuple[Callable, ...] = ()
    # Each takes an approved expense claim and returns why its payment must wait
    # (a sentence for the finance staff), or None: how an app that owns a
    # condition on paying (the DEI sign-off) holds payment without budget
    # importing it.
    payment_holds: tuple[Callable, ...] = ()


@cache
def contributions():
    """Each installed app's contributions, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.portal"
        try:
            module = import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name != name:
                raise
            continue
        found.append(module.contributions)
    return tuple(found)


def _gather(attribute):
    return [item for app in contributions() for item in getattr(app, attribute)]


def panels():
    return sorted(_gather("panels"), key=lambda panel: panel.order)


def navigation():
    return sorted(_gather("navigation"), key=lambda item: item.order)


def footer_links():
    return sorted(_gather("footer"), key=lambda item: item.order)


def api_routes():
    return _gather("api_routes")


def api_urls():
    return _gather("api_urls")


def mounts():
    return [(app.mount, app.app) for app in contributions() if app.mount is not None]


@cache
def notification_kinds():
    kinds = {}
    for kind in _gather("notifications"):
        if kind.key in kinds:
            raise ValueError(f"Two notification kinds are named {kind.key}.")
        kinds[kind.key] = kind
    return kinds


def calendar_sources():
    return _gather("calendar")


def role_sources():
    return _gather("role_sources")


def report_sections():
    return sorted(_gather("report_sections"), key=lambda section: section.order)


def profile_sections():
    return sorted(_gather("profile_sections"), key=lambda section: section.order)


def account_created_hooks():
    return _gather("on_account_created")


def payment_holds():
    return _gather("payment_holds")


def demo_builders():
    """Each app's demo builder, every one after those it names in `after`."""
    builders = {app.app: app.demo for app in contributions() if app.demo is not None}
    order = TopologicalSorter({name: builder.after for name, builder in builders.items()})
    return [(name, builders[name]) for name in order.static_order() if name in builders]
