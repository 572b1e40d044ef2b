import base64
import datetime
from io import BytesIO

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image

from cwg_portal.roles import Role
from membership.enums import (
    BodyKind,
    DeclarationKind,
    ElectionStatus,
    MotionKind,
    NominationStatus,
    SeatRole,
)
from membership.models import (
    Body,
    Declaration,
    Election,
    EligibleVoter,
    Membership,
    Motion,
    Nomination,
    Person,
)
from membership.services import person_for_user, role_grant
from membership.services.elections import election_open
from membership.services.motions import motion_call, motion_second

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


# A real one-pixel PNG, so that a browser draws it as it would a person's photo.
PHOTO_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

# Where a phone's camera stamps a photo: its GPS latitude, in EXIF's GPS IFD.
GPS_IFD, GPS_LATITUDE_REF, GPS_LATITUDE = 0x8825, 1, 2


def photo_jpeg(*, size=(4, 3), with_gps=False):
    """A real JPEG, decoded as the portal decodes it; with a GPS position in EXIF
    and a comment when `with_gps`."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    if with_gps:
        exif.get_ifd(GPS_IFD).update({GPS_LATITUDE_REF: "N", GPS_LATITUDE: (52.0, 31.0, 0.0)})
    encoded = BytesIO()
    image.save(encoded, "JPEG", exif=exif, comment=b"Taken at home" if with_gps else b"")
    return encoded.getvalue()


# --- Governance -------------------------------------------------------------
# These create rows directly, as a fixture would: a seat made here grants no
# portal role and an election made here freezes no voter roll. Tests of a rule
# call the service that owns it (`membership_start`, `election_open`,
# `ballot_cast`, …) for the step under test and use these for what surrounds it.


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Committee {n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")
    kind = BodyKind.COMMITTEE
    portal_role = ""
    chair_role = ""
    allows_self_nomination = True
    term_months = None
    is_public = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    role = SeatRole.MEMBER
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = None


class ElectionFactory(factory.django.DjangoModelFactory):
    """An election whose voting window includes now; pass `voters=[user, …]` to
    put accounts on its roll (and count them as eligible)."""

    class Meta:
        model = Election
        skip_postgeneration_save = True

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Election {n}")
    nominations_close_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    opens_at = factory.LazyAttribute(
        lambda election: election.nominations_close_at + datetime.timedelta(days=1)
    )
    closes_at = factory.LazyAttribute(
        lambda election: election.opens_at + datetime.timedelta(days=7)
    )
    opened_by = factory.SubFactory(UserFactory)
    status = ElectionStatus.OPEN

    @factory.post_generation
    def voters(election, create, extracted, **kwargs):
        if create and extracted is not None:
            EligibleVoter.objects.bulk_create(
                EligibleVoter(election=election, user=user) for user in extracted
            )
            election.eligible_count = len(extracted)
            election.save(update_fields=["eligible_count"])


class NominationFactory(factory.django.DjangoModelFactory):
    """A nomination; `accepted=True` makes the nominee a candidate."""

    class Meta:
        model = Nomination

    class Params:
        accepted = factory.Trait(
            status=NominationStatus.ACCEPTED, responded_at=factory.LazyFunction(timezone.now)
        )

    election = factory.SubFactory(ElectionFactory)
    nominee = factory.SubFactory(PersonFactory)
    nominated_by = factory.SubFactory(UserFactory)
    status = NominationStatus.PENDING


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    person = factory.SubFactory(PersonFactory)
    kind = DeclarationKind.OTHER
    description = factory.Sequence(lambda n: f"Declared interest {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = None


def members_of(body, count):
    """Accounts holding a current seat on the body (rows only: no portal role)."""
    return [MembershipFactory(body=body).person.user for _ in range(count)]


def chair_of(body):
    """The account of the body's chair. A body without one has its longest-seated
    member made chair, so that the voter roll stays the members the test seated;
    a body without members gets a chair, who is then its only voter."""
    seats = Membership.objects.current().filter(body=body, person__user__isnull=False)
    chair = seats.filter(role=SeatRole.CHAIR).order_by("pk").first()
    if chair is None:
        chair = seats.order_by("pk").first() or MembershipFactory(body=body)
        Membership.objects.filter(pk=chair.pk).update(role=SeatRole.CHAIR)
    return chair.person.user


def open_election(body, *, voting=True, **rules):
    """Open an election through the service as the body's chair, freezing the
    body's members as its voters. With `voting` nominations have closed and the
    ballot box is open now; without, nominations are still open and voting
    starts in two days."""
    hour, day, now = datetime.timedelta(hours=1), datetime.timedelta(days=1), timezone.now()
    if voting:
        times = (now - 2 * hour, now - hour, now + 7 * day)
    else:
        times = (now + day, now + 2 * day, now + 9 * day)
    return election_open(
        body=body,
        title="Election of new members",
        nominations_close_at=times[0],
        opens_at=times[1],
        closes_at=times[2],
        opened_by=chair_of(body),
        **rules,
    )


def pass_closing_time(election):
    """The clock passes the closing time: the voting window moves into the past."""
    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        nominations_close_at=now - datetime.timedelta(days=3),
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now - datetime.timedelta(minutes=1),
    )
    election.refresh_from_db()
    return election


def call_motion(body, *, sponsor=None, kind=MotionKind.BINARY, options=(), **fields):
    """Call a motion through the service; by default the body's first current
    member sponsors it."""
    if sponsor is None:
        sponsor = Membership.objects.current().filter(body=body).earliest("pk").person.user
    return motion_call(
        body=body,
        sponsor=sponsor,
        kind=kind,
        options=options,
        title=fields.get("title", "Adopt the workshop rubric"),
        text=fields.get("text", "The working group adopts the rubric for workshop proposals."),
    )


def open_motion(body, *, seconded_by=None, **call):
    """Call a motion and have another current member second it: voting is open
    now and the body's members are its voters."""
    motion = call_motion(body, **call)
    if seconded_by is None:
        others = Membership.objects.current().filter(body=body).exclude(person__user=motion.sponsor)
        seconded_by = others.earliest("pk").person.user
    return motion_second(motion=motion, seconded_by=seconded_by)


def pass_motion_closing_time(motion):
    """The clock passes the end of the vote: its period moves into the past."""
    now = timezone.now()
    Motion.objects.filter(pk=motion.pk).update(
        opens_at=now - datetime.timedelta(days=7), closes_at=now - datetime.timedelta(minutes=1)
    )
    motion.refresh_from_db()
    return motion


def pass_second_deadline(motion):
    """The clock passes the time by which the motion had to be seconded."""
    called_at = timezone.now() - datetime.timedelta(days=motion.voting_days, minutes=1)
    Motion.objects.filter(pk=motion.pk).update(called_at=called_at)
    motion.refresh_from_db()
    return motion
