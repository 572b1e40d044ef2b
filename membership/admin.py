from django.contrib import admin

from membership.models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["display_name", "affiliation", "github_handle", "is_public", "user"]
    list_filter = ["is_public"]
    search_fields = ["display_name", "affiliation", "github_handle", "user__email"]
    raw_id_fields = ["user"]
