import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from cwg_portal.roles import Role
from membership.models import Person
from membership.services import person_for_user, role_grant

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create:
            verified = True if extracted is None else extracted
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": verified, "primary": True}
            )

    @factory.post_generation
    def profile(user, create, extracted, **kwargs):
        # `profile=False` leaves the account without a person, as a fresh signup is.
        if create and extracted is not False:
            person_for_user(user=user)

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        for role in extracted or ():
            role_grant(user=user, role=Role(role))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    display_name = factory.Faker("name")
    affiliation = factory.Faker("company")
    # The account comes without a person of its own: this factory makes it.
    user = factory.SubFactory(UserFactory, profile=False)
