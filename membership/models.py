from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from membership.validators import validate_github_handle


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
        help_text="Your name, pronouns, affiliation, bio and GitHub handle may appear on "
        "public pages such as the leadership directory.",
    )
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
