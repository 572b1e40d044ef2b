"""What the formal votes' page tests share: the choices and the venues votes
are cast with, members seated in a body with their affiliations, and a page's
facts."""

import re
from html import unescape

from membership.enums import MotionChoice, SeatRole
from tests.factories.membership import MembershipFactory, UserFactory

FOR, AGAINST, BLANK = MotionChoice.FOR, MotionChoice.AGAINST, MotionChoice.BLANK
VENUES = ["Conference centre", "University campus", "Public library"]


def seated(username, name, body, role, seat_role=SeatRole.MEMBER, affiliation=""):
    user = UserFactory(username=username, roles=[role])
    user.person.display_name = name
    user.person.affiliation = affiliation
    user.person.save()
    MembershipFactory(person=user.person, body=body, role=seat_role)
    return user


def facts(response):
    html = response.content.decode()
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.DOTALL)
    clean = [" ".join(unescape(re.sub(r"<[^>]+>", "", part)).split()) for p in pairs for part in p]
    return dict(zip(clean[::2], clean[1::2], strict=True))
