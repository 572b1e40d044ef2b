"""People, bodies, seats, elections and formal votes. The public sees only
public people and public bodies; no ballot or voter roll is ever served, and
results only after the count."""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from cwg_portal.api import PublicReadOnly
from cwg_portal.registry import ApiRoute
from cwg_portal.roles import role_names
from membership.enums import ElectionStatus, MotionStatus
from membership.models import Body, Election, Membership, Motion, Nomination, Person
from membership.selectors import (
    elections_visible_to,
    memberships_visible_to,
    motions_visible_to,
    people_visible_to,
    runoff_table,
    sees_all_people,
)
from membership.services import person_for_user


class PublicPersonSerializer(serializers.ModelSerializer):
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", *Person.PUBLIC_FIELDS, "photo_url"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo_url(self, person):
        # Only where membership:person_photo serves it to anyone: a public person's.
        if not (person.photo and person.is_public):
            return None
        return self.context["request"].build_absolute_uri(person.photo_url)


class PersonSerializer(PublicPersonSerializer):
    class Meta(PublicPersonSerializer.Meta):
        fields = [*PublicPersonSerializer.Meta.fields, "is_public"]


class BodySerializer(serializers.ModelSerializer):
    reports_to = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Body
        fields = ["slug", "name", "kind", "description", "reports_to", "term_months"]


class MembershipSerializer(serializers.ModelSerializer):
    person = PublicPersonSerializer(read_only=True)
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "body",
            "role",
            "starts_on",
            "ends_on",
            "left_on",
            "reason_for_leaving",
        ]


class CandidateResultSerializer(serializers.ModelSerializer):
    nominee = PublicPersonSerializer(read_only=True)

    class Meta:
        model = Nomination
        fields = ["nominee", "statement", "yes_votes", "no_votes", "abstentions", "elected"]


class ElectionSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    results = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = [
            "id",
            "body",
            "title",
            "description",
            "nominations_close_at",
            "opens_at",
            "closes_at",
            "status",
            "eligible_count",
            "ballots_cast",
            "quorum_reached",
            "results",
        ]

    def get_results(self, election) -> list[dict] | None:
        if election.status != ElectionStatus.CLOSED:
            return None
        elected = [n for n in election.nominations.all() if n.elected is not None]
        return CandidateResultSerializer(elected, many=True).data


class RunoffRoundsSerializer(serializers.Serializer):
    """One option of a counted ranked choice: its votes round by round (null once out)."""

    option = serializers.CharField(source="option.label")
    votes = serializers.ListField(child=serializers.IntegerField(allow_null=True))
    eliminated_after = serializers.IntegerField(allow_null=True)
    chosen = serializers.BooleanField()


class MotionResultsSerializer(serializers.ModelSerializer):
    chosen = serializers.SlugRelatedField(
        source="winner", slug_field="label", read_only=True, allow_null=True
    )
    rounds = serializers.SerializerMethodField()

    class Meta:
        model = Motion
        fields = [
            "closed_at",
            "closed_early",
            "ballots_cast",
            "blank_votes",
            "quorum_reached",
            "passed",
            "votes_for",
            "votes_against",
            "chosen",
            "rounds",
        ]

    @extend_schema_field(RunoffRoundsSerializer(many=True))
    def get_rounds(self, motion):
        return RunoffRoundsSerializer(runoff_table(motion), many=True).data if motion.rounds else []


def _name(user):
    if user is None:
        return None
    person = getattr(user, "person", None)
    return person.display_name if person else user.get_username()


class MotionSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    options = serializers.SlugRelatedField(slug_field="label", many=True, read_only=True)
    sponsor = serializers.SerializerMethodField()
    seconded_by = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    class Meta:
        model = Motion
        fields = [
            "id",
            "body",
            "title",
            "text",
            "kind",
            "options",
            "status",
            "revision",
            "sponsor",
            "called_at",
            "seconded_by",
            "seconded_at",
            "opens_at",
            "closes_at",
            "voting_days",
            "quorum_numerator",
            "quorum_denominator",
            "eligible_count",
            "results",
        ]

    def get_sponsor(self, motion) -> str:
        return _name(motion.sponsor)

    def get_seconded_by(self, motion) -> str | None:
        return _name(motion.seconded_by)

    @extend_schema_field(MotionResultsSerializer(allow_null=True))
    def get_results(self, motion):
        if motion.status != MotionStatus.CLOSED:
            return None
        return MotionResultsSerializer(motion).data


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People: public fields of public people for everyone; all people for members."""

    permission_classes = [PublicReadOnly]

    def get_queryset(self):
        return people_visible_to(self.request.user).order_by("display_name")

    def get_serializer_class(self):
        return PersonSerializer if sees_all_people(self.request.user) else PublicPersonSerializer


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [PublicReadOnly]
    serializer_class = BodySerializer
    lookup_field = "slug"
    queryset = Body.objects.filter(is_public=True).select_related("reports_to")


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [PublicReadOnly]
    serializer_class = MembershipSerializer

    def get_queryset(self):
        return memberships_visible_to(self.request.user).order_by("body__name", "-starts_on")


class ElectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Elections one takes part in or oversees; counts only once closed."""

    serializer_class = ElectionSerializer

    def get_queryset(self):
        return elections_visible_to(self.request.user)


class MotionViewSet(viewsets.ReadOnlyModelViewSet):
    """Formal votes of the bodies one sits on or whose roll one is on (the
    council's: all); results once counted, never a ballot or the roll."""

    serializer_class = MotionSerializer

    def get_queryset(self):
        return (
            motions_visible_to(self.request.user)
            .select_related("winner")
            .prefetch_related("options")
        )


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    display_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """The authenticated caller: who the API thinks you are, and your roles."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "id": user.pk,
            "email": user.email,
            "display_name": person_for_user(user=user).display_name,
            "roles": sorted(role_names(user)),
        }
        return Response(MeSerializer(data).data)


API_URLS = (path("me/", MeView.as_view(), name="me"),)

API_ROUTES = (
    ApiRoute("people", PersonViewSet, "person"),
    ApiRoute("bodies", BodyViewSet, "body"),
    ApiRoute("memberships", MembershipViewSet, "membership"),
    ApiRoute("elections", ElectionViewSet, "election"),
    ApiRoute("motions", MotionViewSet, "motion"),
)
