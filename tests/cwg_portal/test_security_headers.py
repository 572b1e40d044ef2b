"""Every HTML page carries a strict Content-Security-Policy, and no page shown to
a logged-in person may be stored by a cache: the URL walk of the permission
matrix checks both on every response; these check the details."""

from cwg_portal.roles import Role
from tests.cwg_portal.security_headers import csp_directives


def test_logged_in_dashboard_is_not_stored_and_the_public_home_page_may_be(db, client, subjects):
    client.force_login(subjects[Role.FINANCE_STAFF])
    private = client.get("/dashboard/")
    client.logout()
    public = client.get("/")

    assert "no-store" in private["Cache-Control"]
    assert "no-store" not in public.get("Cache-Control", "")


def test_pages_load_scripts_only_with_the_request_nonce(db, client, subjects):
    client.force_login(subjects[Role.CWG_MEMBER])

    response = client.get("/dashboard/")

    nonce = csp_directives(response["Content-Security-Policy"])["script-src"].split("'nonce-")[1]
    nonce = nonce.split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
