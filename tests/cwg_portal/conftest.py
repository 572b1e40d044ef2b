import pytest
from django.contrib.contenttypes.models import ContentType

from cwg_portal.roles import Role
from events.enums import EventStatus
from tests.factories.events import EventFactory
from tests.factories.membership import UserFactory

ANONYMOUS = "anonymous"


@pytest.fixture
def subjects(db):
    users = {role: UserFactory(username=role.value, roles=[role]) for role in Role}
    return {ANONYMOUS: None, **users}


@pytest.fixture
def sample_arguments(subjects):
    event = EventFactory(status=EventStatus.PLANNING, organisers=[subjects[Role.COMMUNITY].person])
    return {
        "slug": event.slug,
        "format": "json",
        "key": "no-such-key",
        "uidb36": "1",
        "object_id": event.pk,
        "app_label": "events",
        "content_type_id": ContentType.objects.get_for_model(event).pk,
        "url": "no-such-page/",
        "id": subjects[Role.COMMUNITY].pk,
    }
