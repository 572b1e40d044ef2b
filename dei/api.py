"""The DEI work in the API: checklists, and attendee surveys with their results
in aggregate only (suppressed as on the pages). Incident reports are never here."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cwg_portal.api import RulesPermission
from cwg_portal.registry import ApiRoute
from dei import selectors
from dei.models import Checklist, ChecklistItem, Initiative, Survey
from dei.suppression import SUPPRESSED


@extend_schema_field(
    {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "enum": [SUPPRESSED]}]}
)
class FigureField(serializers.Field):
    """A count of answers, or "fewer than 5" where it is suppressed."""

    def to_representation(self, value):
        return value


class ResultRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    cells = serializers.ListField(child=FigureField())
    total = FigureField()


class ResultTotalsSerializer(serializers.Serializer):
    cells = serializers.ListField(child=FigureField())
    total = FigureField()


class ResultTableSerializer(serializers.Serializer):
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = ResultRowSerializer(many=True)
    totals = ResultTotalsSerializer(allow_null=True)


class SurveyResultsSerializer(serializers.Serializer):
    answers = FigureField()
    threshold = serializers.IntegerField()
    tables = ResultTableSerializer(many=True)


class SurveySerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "event", "opens_at", "closes_at"]


class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Attendee surveys the caller may see; their results only in aggregate."""

    serializer_class = SurveySerializer
    permission_classes = [RulesPermission]
    permission_required = {
        "list": "dei.list_surveys",
        "retrieve": "dei.see_survey",
        "results": "dei.see_survey",
    }

    def get_queryset(self):
        return selectors.surveys_visible_to(self.request.user)

    @extend_schema(responses=SurveyResultsSerializer)
    @action(detail=True)
    def results(self, request, pk=None, **kwargs):
        survey = self.get_object()
        return Response(SurveyResultsSerializer(selectors.results_of(survey)).data)


class ChecklistItemSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="template_item.text")
    tier = serializers.CharField(source="template_item.tier")
    theme = serializers.CharField(source="template_item.theme")
    owner = serializers.CharField(source="owner.display_name", allow_null=True, default=None)

    class Meta:
        model = ChecklistItem
        fields = ["id", "text", "tier", "theme", "status", "owner", "evidence", "reason"]


class ChecklistSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    template_version = serializers.IntegerField(source="template.number")
    items = ChecklistItemSerializer(many=True)

    class Meta:
        model = Checklist
        fields = ["id", "event", "template_version", "status", "signed_off_at", "items"]


class ChecklistViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """DEI checklists of the events the caller may follow."""

    serializer_class = ChecklistSerializer
    permission_classes = [RulesPermission]
    permission_required = {"list": "dei.list_checklists", "retrieve": "dei.see_checklist"}

    def get_queryset(self):
        return selectors.checklists_visible_to(self.request.user).prefetch_related(
            "items__template_item", "items__owner"
        )


class InitiativeSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.display_name")

    class Meta:
        model = Initiative
        fields = [
            "id",
            "title",
            "goal",
            "owner",
            "partners",
            "starts_on",
            "ends_on",
            "status",
            "outcomes",
            "evidence",
        ]


class InitiativeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """DEI initiatives, for the working group's members and the DEI committee."""

    serializer_class = InitiativeSerializer
    permission_classes = [RulesPermission]
    permission_required = {"list": "dei.see_initiatives", "retrieve": "dei.see_initiatives"}

    def get_queryset(self):
        return selectors.initiatives_visible_to(self.request.user)


API_ROUTES = (
    ApiRoute("dei/initiatives", InitiativeViewSet, "dei-initiative"),
    ApiRoute("dei/checklists", ChecklistViewSet, "dei-checklist"),
    ApiRoute("dei/surveys", SurveyViewSet, "dei-survey"),
)
