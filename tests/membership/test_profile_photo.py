"""The optional photo of the leadership directory: a person sets and removes it
on their profile, the portal keeps it in private storage and serves it to anyone
only while the person chooses to be public."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from membership.models import Person
from membership.services import person_photo_remove, person_photo_set
from tests.factories.membership import (
    PHOTO_PNG,
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    photo_jpeg,
)
from tests.membership.test_views import profile_form
from tests.pages import form_errors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo(name="me.png", content=PHOTO_PNG):
    return SimpleUploadedFile(name, content)


def stored_photos(media_root):
    return sorted(path.name for path in media_root.glob("photos/*/*"))


def pixels(content):
    with Image.open(BytesIO(content)) as image:
        return image.size, list(image.getdata())


def person_with_photo(*, is_public=True, **fields):
    person = PersonFactory(is_public=is_public, **fields)
    return person_photo_set(person=person, upload=photo())


def test_profile_photo_upload_sets_the_photo(client, media_root):
    user = UserFactory(username="mira")
    client.force_login(user)

    response = client.post("/people/profile/", {**profile_form(), "photo": photo()})

    assert response.status_code == 302
    person = Person.objects.get(user=user)
    assert person.photo.name.startswith(f"photos/{person.pk}/")
    assert person.photo.name.endswith(".png")
    assert pixels((media_root / person.photo.name).read_bytes()) == pixels(PHOTO_PNG)
    assert person.display_name == "Mira Okafor"


def test_profile_photo_that_is_not_an_image_is_refused_and_nothing_changes(client, media_root):
    user = UserFactory(username="mira")
    before = Person.objects.values().get(user=user)
    client.force_login(user)

    response = client.post(
        "/people/profile/", {**profile_form(), "photo": photo("notes.png", b"not a picture")}
    )

    assert response.status_code == 200
    assert form_errors(response) == ["Photo: notes.png is not a PNG or JPEG file."]
    assert Person.objects.values().get(user=user) == before
    assert stored_photos(media_root) == []


def test_profile_photo_larger_than_the_limit_is_refused_and_nothing_changes(
    client, media_root, settings
):
    settings.PROFILE_PHOTO_MAX_BYTES = 2_097_152
    user = UserFactory(username="mira")
    before = Person.objects.values().get(user=user)
    client.force_login(user)
    just_over = photo("big.png", PHOTO_PNG + b"\x00" * (2_097_153 - len(PHOTO_PNG)))

    response = client.post("/people/profile/", {**profile_form(), "photo": just_over})

    assert form_errors(response) == ["Photo: big.png is 2.1 MB; a photo may be at most 2 MB."]
    assert Person.objects.values().get(user=user) == before
    assert stored_photos(media_root) == []


def test_profile_photo_replaced_deletes_the_old_file(
    client, media_root, django_capture_on_commit_callbacks
):
    user = UserFactory(username="mira")
    person = person_photo_set(person=user.person, upload=photo())
    old = person.photo.name
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/people/profile/", {**profile_form(), "photo": photo("new.jpg", photo_jpeg())})

    person.refresh_from_db()
    assert person.photo.name.endswith(".jpg")
    assert not (media_root / old).exists()
    assert stored_photos(media_root) == [person.photo.name.rsplit("/", 1)[1]]


def test_profile_photo_removed_deletes_the_file(
    client, media_root, django_capture_on_commit_callbacks
):
    user = UserFactory(username="mira")
    person_photo_set(person=user.person, upload=photo())
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/people/profile/", {**profile_form(), "remove_photo": "on"})

    assert response.status_code == 302
    assert Person.objects.get(user=user).photo.name == ""
    assert stored_photos(media_root) == []


def test_profile_photo_remove_without_a_photo_changes_nothing(media_root):
    person = PersonFactory()

    person_photo_remove(person=person)

    assert Person.objects.get(pk=person.pk).photo.name == ""


def test_profile_photo_service_refuses_a_non_image(media_root):
    person = PersonFactory()

    with pytest.raises(ValidationError) as refused:
        person_photo_set(person=person, upload=photo("cv.pdf", b"%PDF-1.4\n"))

    assert refused.value.messages == ["cv.pdf is not a PNG or JPEG file."]
    assert Person.objects.get(pk=person.pk).photo.name == ""


def test_person_photo_of_a_public_person_is_served_to_anyone(client):
    person = person_with_photo()

    response = client.get(f"/people/{person.pk}/photo/")

    assert response.status_code == 200
    assert pixels(b"".join(response.streaming_content)) == pixels(PHOTO_PNG)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-cache"


def test_person_photo_of_a_jpeg_is_served_as_jpeg(client):
    person = person_photo_set(
        person=PersonFactory(is_public=True), upload=photo("me.jpg", photo_jpeg())
    )

    response = client.get(f"/people/{person.pk}/photo/")

    assert response["Content-Type"] == "image/jpeg"


def test_person_photo_of_a_private_person_is_not_found(client):
    person = person_with_photo(is_public=False)
    client.force_login(UserFactory(username="sam"))

    assert client.get(f"/people/{person.pk}/photo/").status_code == 404
    client.logout()
    assert client.get(f"/people/{person.pk}/photo/").status_code == 404


def test_person_photo_of_a_public_person_without_one_is_not_found(client):
    person = PersonFactory(is_public=True)

    response = client.get(f"/people/{person.pk}/photo/")

    assert response.status_code == 404


def test_person_photo_is_shown_to_its_owner_while_private(client):
    user = UserFactory(username="mira")
    person_photo_set(person=user.person, upload=photo())
    client.force_login(user)

    response = client.get(f"/people/{user.person.pk}/photo/")
    page = client.get("/people/profile/")

    assert pixels(b"".join(response.streaming_content)) == pixels(PHOTO_PNG)
    assert response["Cache-Control"] == "private, no-cache, no-store"
    assert (
        f'<img class="person-photo" src="/people/{user.person.pk}/photo/" '
        'alt="Your current photo">' in page.content.decode()
    )


def test_directory_shows_the_photo_of_a_public_member(client):
    body = BodyFactory(slug="translators")
    person = person_with_photo(display_name="Mira Okafor")
    MembershipFactory(person=person, body=body)

    response = client.get("/people/directory/translators/")

    assert (
        f'<th scope="row"><img class="person-photo" src="/people/{person.pk}/photo/" alt="">'
        "Mira Okafor</th>" in response.content.decode()
    )


def test_person_api_gives_the_photo_url_of_a_public_person(client):
    person = person_with_photo()

    response = client.get(f"/api/v1/people/{person.pk}/")

    assert response.json()["photo_url"] == f"http://testserver/people/{person.pk}/photo/"


def test_profile_photo_is_stored_without_its_exif_gps_position_or_comment(client, media_root):
    user = UserFactory(username="mira")
    client.force_login(user)
    taken_at_home = photo_jpeg(size=(40, 30), with_gps=True)

    client.post("/people/profile/", {**profile_form(), "photo": photo("me.jpg", taken_at_home)})

    stored = (media_root / Person.objects.get(user=user).photo.name).read_bytes()
    with Image.open(BytesIO(stored)) as image:
        assert (image.format, image.size) == ("JPEG", (40, 30))
        assert dict(image.getexif()) == {}
        assert "comment" not in image.info
    assert b"Exif" not in stored
    assert b"Taken at home" not in stored


def test_profile_photo_that_cannot_be_decoded_is_refused_and_nothing_changes(client, media_root):
    user = UserFactory(username="mira")
    before = Person.objects.values().get(user=user)
    client.force_login(user)
    truncated = photo_jpeg()[:40]

    response = client.post(
        "/people/profile/",
        {**profile_form(display_name="Mira O."), "photo": photo("me.jpg", truncated)},
    )

    assert form_errors(response) == ["me.jpg could not be read as a JPEG image."]
    assert Person.objects.values().get(user=user) == before
    assert stored_photos(media_root) == []


def test_person_photo_of_someone_who_turned_private_is_no_longer_served(client):
    person = person_with_photo()
    client.get(f"/people/{person.pk}/photo/")
    person.is_public = False
    person.save()

    response = client.get(f"/people/{person.pk}/photo/")

    assert response.status_code == 404
