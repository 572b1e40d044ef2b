from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cwg_portal.roles import role_names
from membership.services import person_for_user


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
