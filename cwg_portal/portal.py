"""The portal's own entries: the dashboard, the API and the administration."""

from cwg_portal.registry import Contributions, NavItem
from cwg_portal.roles import is_admin, is_authenticated

contributions = Contributions(
    app="cwg_portal",
    navigation=(
        NavItem("Dashboard", "dashboard", is_authenticated, order=10),
        NavItem("Calendar", "calendar", is_authenticated, order=15),
        NavItem("API", "api-docs", is_authenticated, order=90),
        NavItem("Administration", "admin:index", is_admin, order=100),
    ),
)
