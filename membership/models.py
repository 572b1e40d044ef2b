import mimetypes
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cwg_portal.roles import Role
from membership.enums import (
    MOTION_ENDED,
    BallotChoice,
    BodyKind,
    CouncilVerdict,
    DeclarationKind,
    ElectionStatus,
    MotionChoice,
    MotionKind,
    MotionStatus,
    NominationStatus,
    SeatRole,
)
from membership.validators import validate_github_handle


def person_photo_path(instance, filename):
    # Private storage under MEDIA_ROOT, served only through membership:person_photo.
    return f"photos/{instance.pk}/{filename}"


class Person(models.Model):
    """Someone the group works with, with or without a portal account.

    Only people who chose `is_public` appear on public pages, and only with the
    fields listed in `PUBLIC_FIELDS`.
    """

    PUBLIC_FIELDS = ("display_name", "pronouns", "affiliation", "bio", "github_handle")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    display_name = models.CharField(max_length=150)
    pronouns = models.CharField(max_length=50, blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, max_length=2000)
    github_handle = models.CharField(
        "GitHub handle", max_length=39, blank=True, validators=[validate_github_handle]
    )
    is_public = models.BooleanField(
        "show in the public directory",
        default=False,
        help_text="Your name, pronouns, affiliation, bio, GitHub handle and photo may appear "
        "on public pages such as the leadership directory.",
    )
    # Set and removed only through person_photo_set and person_photo_remove, which
    # check the file and delete the one it replaces.
    photo = models.FileField(upload_to=person_photo_path, blank=True, max_length=200)
    organisations = models.ManyToManyField(
        "Organisation",
        through="PersonOrganisation",
        blank=True,
        related_name="people",
        help_text="The organisations listed beside your name in the governance repository.",
    )
    # The author id and place in the governance repository's contributors.yml,
    # kept so that an export writes them back where they were.
    governance_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    governance_position = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("display_name")]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                Lower("github_handle"),
                condition=~models.Q(github_handle=""),
                name="person_github_handle_unique",
                violation_error_message="Another person already has this GitHub handle.",
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("membership:profile")

    @property
    def github_url(self):
        return f"https://github.com/{self.github_handle}" if self.github_handle else ""

    @property
    def photo_content_type(self):
        # person_photo_set names the file after the kind read from its first bytes.
        return mimetypes.guess_type(self.photo.name)[0] if self.photo else ""

    @property
    def photo_url(self):
        return (
            reverse("membership:person_photo", kwargs={"person_pk": self.pk}) if self.photo else ""
        )


class Organisation(models.Model):
    """An organisation people are affiliated with, as the governance repository's
    organizations.yml lists them."""

    governance_id = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    governance_position = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = [Lower("name")]

    def __str__(self):
        return self.name


class PersonOrganisation(models.Model):
    """A person's affiliation, in the order their entry lists them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["person", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="person_organisation_once"
            )
        ]

    def __str__(self):
        return f"{self.person}, {self.organisation}"


class Body(models.Model):
    """A decision-making body: the working group, the council, a committee or a team.

    Bodies are data: a new one needs no deploy. `portal_role` is the portal role
    its current members hold, `chair_role` the one its chair holds as well.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=BodyKind.choices)
    description = models.TextField(blank=True)
    reports_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reporting_bodies"
    )
    portal_role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    chair_role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    allows_self_nomination = models.BooleanField(default=True)
    term_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Length of a term; empty for open-ended terms."
    )
    is_public = models.BooleanField("listed in the public directory", default=True)
    # The body as a team of the governance repository's jupyter-teams.yml: its id,
    # links and place in the file, and the name and place of the "former_" team
    # that lists the body's ended seats.
    governance_id = models.CharField(
        "team id in the governance repository",
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="For example community_building_working_group; empty for a body the "
        "repository does not list.",
    )
    homepage = models.CharField(
        max_length=200, blank=True, help_text="The body's page in the governance repository."
    )
    team_compass = models.URLField(blank=True)
    governance_position = models.PositiveIntegerField(null=True, blank=True, editable=False)
    former_team_name = models.CharField(
        max_length=200, blank=True, help_text='Empty: "Former" and the body\'s name.'
    )
    former_team_position = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The decision-making guide's rules for formal votes; the defaults are the
    # guide's, and a body that agrees other rules changes them here.
    motion_days = models.PositiveSmallIntegerField(
        "length of a formal vote (days)",
        default=7,
        help_text="Shorter only when every voter has voted.",
    )
    motion_needs_second = models.BooleanField(
        "a formal vote needs a second",
        default=True,
        help_text="On: voting opens once another member seconds the motion.",
    )
    motion_quorum_numerator = models.PositiveSmallIntegerField(default=1)
    motion_quorum_denominator = models.PositiveSmallIntegerField(
        default=2, help_text="Quorum: this share of the voters must vote (blank votes count)."
    )
    participation_numerator = models.PositiveSmallIntegerField(default=2)
    participation_denominator = models.PositiveSmallIntegerField(
        default=3,
        help_text="Each member should vote in at least this share of the formal votes "
        "of a calendar year.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(motion_days__gte=1),
                name="body_motion_lasts_a_day_or_more",
                violation_error_message="A formal vote lasts at least one day.",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    motion_quorum_numerator__lte=models.F("motion_quorum_denominator")
                )
                & models.Q(participation_numerator__lte=models.F("participation_denominator"))
                & models.Q(motion_quorum_denominator__gt=0)
                & models.Q(participation_denominator__gt=0),
                name="body_vote_shares_are_fractions",
                violation_error_message="Quorum and participation are fractions no larger than 1.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("membership:directory_body", kwargs={"body_slug": self.slug})

    @property
    def former_team_id(self):
        return f"former_{self.governance_id}"


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Seats held on a day (today by default). A seat whose start is unknown
        (the governance repository gives no term) has always been held."""
        day = on or timezone.localdate()
        return self.filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=day),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day),
            left_on__isnull=True,
        )


class Membership(models.Model):
    """A seat: who sat on which body, in which role, from when to when, and why
    they left. Seats are ended, never deleted, so the history stays."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER)
    starts_on = models.DateField(null=True, blank=True, help_text="Empty when not known.")
    ends_on = models.DateField("end of term", null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    reason_for_leaving = models.CharField(max_length=300, blank=True)
    # The seat's entry in the governance repository's contributors.yml. The term is
    # its text there ("Founding member, 2014-2022"), kept because the dates above
    # hold only its years.
    term_text = models.CharField("term", max_length=200, blank=True)
    subproject = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(
        "on behalf of",
        max_length=200,
        blank=True,
        help_text="The organisation the seat represents.",
    )
    governance_position = models.PositiveIntegerField(null=True, blank=True, editable=False)
    election = models.ForeignKey(
        "Election", on_delete=models.PROTECT, null=True, blank=True, related_name="seats"
    )
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_term_ends_after_it_starts",
                violation_error_message="A term cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("starts_on")),
                name="membership_left_after_it_started",
                violation_error_message="A member cannot leave before joining.",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}, {self.body}"

    @property
    def years(self):
        """The first and last year of the seat (the last is None while it is
        open-ended), or None when its start is not known."""
        if self.starts_on is None:
            return None
        end = self.left_on or self.ends_on
        return self.starts_on.year, end.year if end else None


class Election(models.Model):
    """An election of new members of a body by its current members.

    The voters are the body's members when the chair opens it, frozen then.
    Ballots are secret: a ballot row has no voter and no time; who has voted is
    kept apart, on the voter roll, only to stop a second vote.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="elections")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    nominations_close_at = models.DateTimeField()
    opens_at = models.DateTimeField("voting opens at")
    closes_at = models.DateTimeField("voting closes at")
    quorum_numerator = models.PositiveSmallIntegerField(default=1)
    quorum_denominator = models.PositiveSmallIntegerField(default=2)
    threshold_numerator = models.PositiveSmallIntegerField(default=1)
    threshold_denominator = models.PositiveSmallIntegerField(default=2)
    threshold_strict = models.BooleanField(
        default=True,
        help_text="On: a candidate needs more than the threshold (a simple majority is "
        "more than 1/2). Off: at least the threshold (two thirds is at least 2/3).",
    )
    allow_abstain = models.BooleanField(default=True)
    status = models.CharField(
        max_length=10, choices=ElectionStatus.choices, default=ElectionStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    eligible_count = models.PositiveIntegerField(default=0)
    ballots_cast = models.PositiveIntegerField(null=True, blank=True)
    quorum_reached = models.BooleanField(null=True, blank=True)
    result_computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__gte=models.F("nominations_close_at"))
                & models.Q(closes_at__gt=models.F("opens_at")),
                name="election_phases_in_order",
                violation_error_message="Nominations close, then voting opens, then it closes.",
            ),
            models.CheckConstraint(
                condition=models.Q(quorum_numerator__lte=models.F("quorum_denominator"))
                & models.Q(threshold_numerator__lte=models.F("threshold_denominator"))
                & models.Q(quorum_denominator__gt=0)
                & models.Q(threshold_denominator__gt=0),
                name="election_shares_are_fractions",
                violation_error_message="Quorum and threshold are fractions no larger than 1.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("membership:election", kwargs={"election_pk": self.pk})


class Nomination(models.Model):
    """A candidate for an election, once the nominee accepts."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="nominations")
    nominee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nominations")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    statement = models.TextField(max_length=4000, blank=True)
    status = models.CharField(
        max_length=10, choices=NominationStatus.choices, default=NominationStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    yes_votes = models.PositiveIntegerField(null=True, blank=True)
    no_votes = models.PositiveIntegerField(null=True, blank=True)
    abstentions = models.PositiveIntegerField(null=True, blank=True)
    elected = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["election", "nominee__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "nominee"],
                name="nomination_once_per_election",
                violation_error_message="This person is already nominated in this election.",
            )
        ]

    def __str__(self):
        return f"{self.nominee} in {self.election}"

    def get_absolute_url(self):
        return reverse("membership:election", kwargs={"election_pk": self.election_id})

    def conflict_parties(self):
        return {self.nominee}, set()


class EligibleVoter(models.Model):
    """The voter roll, frozen when the election opens. `has_voted` stops a second
    ballot; nothing here says which ballot was theirs."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_voted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["election", "user"], name="voter_once_per_election")
        ]

    def __str__(self):
        return f"{self.user} may vote in {self.election}"


class Ballot(models.Model):
    """One secret ballot: a random id, the election, and nothing about the voter
    or the moment it was cast."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="ballots")

    def __str__(self):
        return f"Ballot in {self.election}"


class BallotMark(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="marks")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="marks")
    choice = models.CharField(max_length=10, choices=BallotChoice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "nomination"], name="one_mark_per_candidate")
        ]

    def __str__(self):
        return self.get_choice_display()


class CouncilApproval(models.Model):
    """The Executive Council's word on an elected candidate."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, related_name="council_approval"
    )
    verdict = models.CharField(max_length=10, choices=CouncilVerdict.choices)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.get_verdict_display()}: {self.nomination}"


class Declaration(models.Model):
    """An entry of the conflict-of-interest register: a standing interest
    (employer, affiliation, close relationship) or an interest in one item."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField(max_length=20, choices=DeclarationKind.choices)
    description = models.CharField(max_length=500)
    organisation = models.CharField(max_length=200, blank=True)
    related_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    item = GenericForeignKey("content_type", "object_id")
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__isnull=True, object_id__isnull=True)
                | models.Q(content_type__isnull=False, object_id__isnull=False),
                name="declaration_item_is_whole",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.description}"


class Recusal(models.Model):
    """A record that someone stood aside from a decision because of a conflict."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="recusals")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(max_length=300)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.person} recused: {self.reason}"


class Decision(models.Model):
    """A decision of a body, recorded publicly: the motion, the votes, the outcome."""

    class Outcome(models.TextChoices):
        CONSENSUS = "consensus", "Adopted by consensus"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    motion = models.TextField(max_length=4000)
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    votes_abstain = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    decided_on = models.DateField()
    link = models.URLField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.body}, {self.decided_on}: {self.motion[:60]}"


class Motion(models.Model):
    """A formal vote of a body, as the project's decision-making guide has it.

    A member calls it (the sponsor); another member seconds it, which opens the
    vote and freezes the voter roll (the body's members at that moment). It runs
    for `voting_days`, or closes at once when everyone on the roll has voted. The
    body's rules are copied onto the motion when it is called, so that changing
    them does not move a vote under way. The result becomes a public `Decision`.

    Ballots are secret as an election's are: a ballot row has no voter and no
    time; the roll records only who voted, for the participation the chair
    follows each calendar year.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="motions")
    title = models.CharField(max_length=200)
    text = models.TextField("wording", max_length=3000)
    kind = models.CharField(max_length=10, choices=MotionKind.choices)
    status = models.CharField(
        max_length=20, choices=MotionStatus.choices, default=MotionStatus.AWAITING_SECOND
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField(auto_now_add=True)
    seconded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    seconded_at = models.DateTimeField(null=True, blank=True)
    voting_days = models.PositiveSmallIntegerField()
    quorum_numerator = models.PositiveSmallIntegerField()
    quorum_denominator = models.PositiveSmallIntegerField()
    revision = models.PositiveSmallIntegerField(
        default=1, help_text="Each change of the wording makes a new revision."
    )
    revised_at = models.DateTimeField(null=True, blank=True)
    opens_at = models.DateTimeField("voting opened at", null=True, blank=True)
    closes_at = models.DateTimeField("voting closes at", null=True, blank=True)
    eligible_count = models.PositiveIntegerField(default=0)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the motion ended: counted, withdrawn or lapsed."
    )
    closed_early = models.BooleanField(default=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ballots_cast = models.PositiveIntegerField(null=True, blank=True)
    blank_votes = models.PositiveIntegerField(null=True, blank=True)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    quorum_reached = models.BooleanField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    winner = models.ForeignKey(
        "MotionOption", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rounds = models.JSONField(
        default=list,
        blank=True,
        help_text="The run-off's rounds: each option's votes and the options eliminated.",
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="formal_vote"
    )

    class Meta:
        ordering = ["-called_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(seconded_by=models.F("sponsor")),
                name="motion_seconded_by_another_member",
                violation_error_message="The sponsor cannot second their own motion.",
            ),
            models.CheckConstraint(
                condition=models.Q(voting_days__gte=1)
                & models.Q(quorum_numerator__lte=models.F("quorum_denominator"))
                & models.Q(quorum_denominator__gt=0),
                name="motion_rules_are_sound",
                violation_error_message="A vote lasts a day or more; its quorum is a fraction.",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="motion_closes_after_it_opens",
                violation_error_message="Voting closes after it opens.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MOTION_ENDED, closed_at__isnull=False)
                | (~models.Q(status__in=MOTION_ENDED) & models.Q(closed_at__isnull=True)),
                name="motion_ended_when_it_closed",
                violation_error_message="A motion has an end time once, and only once, it ends.",
            ),
            models.CheckConstraint(
                condition=models.Q(status=MotionStatus.WITHDRAWN, withdrawn_by__isnull=False)
                | (~models.Q(status=MotionStatus.WITHDRAWN) & models.Q(withdrawn_by__isnull=True)),
                name="motion_withdrawal_names_who",
                violation_error_message="A withdrawn motion names who withdrew it.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("membership:motion", kwargs={"motion_pk": self.pk})

    @property
    def seconds_by(self):
        """Until when the motion may be seconded: as long as a vote would run,
        counted from the call. Unseconded by then, it lapses."""
        return self.called_at + timedelta(days=self.voting_days)

    # What the pages ask of a motion's state, so that no template spells a status.
    @property
    def awaits_second(self):
        return self.status == MotionStatus.AWAITING_SECOND

    @property
    def is_withdrawn(self):
        return self.status == MotionStatus.WITHDRAWN

    @property
    def is_lapsed(self):
        return self.status == MotionStatus.LAPSED

    @property
    def ended_without_vote(self):
        return self.is_withdrawn or self.is_lapsed


class MotionOption(models.Model):
    """One of the options a ranked-choice motion chooses among, in the sponsor's order."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="options")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["motion", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "position"], name="motion_option_position_unique"
            ),
            models.UniqueConstraint(
                fields=["motion", "label"],
                name="motion_option_label_unique",
                violation_error_message="Each option of a motion is different.",
            ),
        ]

    def __str__(self):
        return self.label


class MotionVoter(models.Model):
    """The motion's voter roll, frozen when voting opens. `has_voted` stops a
    second ballot and counts toward the voter's yearly participation; nothing
    here says which ballot was theirs."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_voted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motion", "user"], name="voter_once_per_motion")
        ]

    def __str__(self):
        return f"{self.user} may vote on {self.motion}"


class MotionBallot(models.Model):
    """One secret ballot on a motion: a random id, the motion and the choice;
    nothing about the voter or the moment it was cast."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(max_length=10, choices=MotionChoice.choices)

    def __str__(self):
        return f"Ballot on {self.motion}"


class MotionPreference(models.Model):
    """One line of a ranked ballot: this option, at this rank (1 is the first choice)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(MotionBallot, on_delete=models.PROTECT, related_name="preferences")
    option = models.ForeignKey(MotionOption, on_delete=models.PROTECT, related_name="preferences")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="option_ranked_once"),
            models.UniqueConstraint(fields=["ballot", "rank"], name="rank_given_once"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="rank_from_one"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.option}"
