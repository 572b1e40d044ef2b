"""Demo people: one account per role, named after the role."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from cwg_portal.roles import Role
from membership.services import person_for_user, person_update, role_grant

DEMO_PEOPLE = {
    Role.CWG_MEMBER: ("Mira Okafor", "she/her", "University of Lagos", "mira-okafor-demo"),
    Role.CWG_CHAIR: ("Jonas Lindqvist", "he/him", "Chalmers University", "jonas-lindqvist-demo"),
    Role.FINANCE_STAFF: ("Priya Raman", "she/her", "NumFOCUS", ""),
    Role.EVENTS_STAFF: ("Diego Alvarez", "he/him", "NumFOCUS", ""),
    Role.COUNCIL: ("Hana Sato", "she/her", "Project Jupyter Executive Council", "hana-sato-demo"),
    Role.DEI_COMMITTEE: ("Amani Mwangi", "they/them", "Jupyter DEI committee", ""),
    Role.COC_RESPONDER: ("Lea Fischer", "she/her", "Jupyter code-of-conduct team", ""),
    Role.COMMUNITY: ("Sam Rivera", "they/them", "Open Science Lab", "sam-rivera-demo"),
    Role.ADMIN: ("Alex Kim", "", "Site operations", ""),
}


def seed(*, password, size):
    User = get_user_model()
    users = {}
    for role, (name, pronouns, affiliation, github) in DEMO_PEOPLE.items():
        username = role.value
        email = f"{username}@example.org"
        user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
        user.email = email
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        role_grant(user=user, role=role)
        person_update(
            person=person_for_user(user=user),
            display_name=name,
            pronouns=pronouns,
            affiliation=affiliation,
            github_handle=github,
            is_public=role in (Role.CWG_MEMBER, Role.CWG_CHAIR, Role.COUNCIL),
        )
        users[role] = user
    return users
