"""Reporting's part of the portal: the reports to the Executive Council, their
pages and API, and the link to them."""

from cwg_portal.registry import Contributions, NavItem, holds_perm
from reporting.api import API_ROUTES

contributions = Contributions(
    app="reporting",
    # The reports live under /reports/ and the annual post under /blog/.
    mount="",
    navigation=(NavItem("Reports", "reporting:reports", holds_perm("reporting.see_report"), 65),),
    api_routes=API_ROUTES,
)
