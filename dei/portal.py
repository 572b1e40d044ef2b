"""The DEI work's part of the portal: the event checklists and the hold they put
on paying a workshop's claims when its call requires the committee's sign-off."""

from cwg_portal.registry import Contributions, DemoBuilder, NavItem, holds_perm
from dei import demo
from dei.api import API_ROUTES
from dei.selectors import checklist_payment_hold

contributions = Contributions(
    app="dei",
    mount="dei/",
    api_routes=API_ROUTES,
    navigation=(NavItem("DEI", "dei:checklists", holds_perm("dei.list_checklists"), 60),),
    payment_holds=(checklist_payment_hold,),
    demo=DemoBuilder(demo.seed, after=("membership", "events", "workshops")),
)
