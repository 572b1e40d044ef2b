"""Every HTML page carries a strict Content-Security-Policy, and no page shown to
a logged-in person may be stored by a cache."""

import re

import pytest

from cwg_portal.roles import Role
from tests.cwg_portal.conftest import ANONYMOUS
from tests.cwg_portal.url_walk import all_routes

REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")
NONCE_ATTRIBUTE = re.compile(r'nonce="([^"]+)"')
WALKERS = (ANONYMOUS, Role.COMMUNITY, Role.CWG_MEMBER, Role.ADMIN)


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def csp_problems(response):
    header = response.get("Content-Security-Policy", "")
    directives = csp_directives(header)
    problems = [
        f"{name} is {directives.get(name)!r}"
        for name, value in REQUIRED_DIRECTIVES.items()
        if directives.get(name) != value
    ]
    if "'unsafe-inline'" in header or "'unsafe-eval'" in header:
        problems.append("allows unsafe-inline or unsafe-eval")
    script_src = directives.get("script-src", "")
    for attributes in SCRIPT_TAG.findall(response.content.decode(errors="replace")):
        nonce = NONCE_ATTRIBUTE.search(attributes)
        if nonce and f"'nonce-{nonce.group(1)}'" not in script_src:
            problems.append(f"script nonce {nonce.group(1)} is not in {script_src!r}")
        elif not nonce and "src=" not in attributes:
            problems.append("an inline script without a nonce, which the policy blocks")
    return problems


@pytest.mark.parametrize("route", all_routes(), ids=lambda route: f"{route.key}|{route.route}")
def test_html_pages_carry_a_strict_csp_and_private_pages_are_not_stored(
    route, client, subjects, route_arguments
):
    path = route.path(route_arguments(route))
    problems = []
    for subject in WALKERS:
        client.logout()
        if subject != ANONYMOUS:
            client.force_login(subjects[subject])
        response = client.get(path)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        problems += [f"{subject}: {problem}" for problem in csp_problems(response)]
        if subject != ANONYMOUS and "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{subject}: Cache-Control is {response.get('Cache-Control')!r}")
    assert problems == [], f"GET {path}"


def test_logged_in_dashboard_is_not_stored_and_the_public_home_page_may_be(client, subjects):
    client.force_login(subjects[Role.FINANCE_STAFF])
    private = client.get("/dashboard/")
    client.logout()
    public = client.get("/")

    assert "no-store" in private["Cache-Control"]
    assert "no-store" not in public.get("Cache-Control", "")


def test_pages_load_scripts_only_with_the_request_nonce(client, subjects):
    client.force_login(subjects[Role.CWG_MEMBER])

    response = client.get("/dashboard/")

    nonce = csp_directives(response["Content-Security-Policy"])["script-src"].split("'nonce-")[1]
    nonce = nonce.split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
