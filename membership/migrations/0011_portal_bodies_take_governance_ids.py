from django.db import migrations

# The portal's bodies as the governance repository's jupyter-teams.yml names them,
# so that importing that file finds them instead of creating second copies. The
# code-of-conduct team is not in the repository and keeps no id.
TEAMS = {
    "community-working-group": (
        "community_building_working_group",
        "Community Building Working Group",
        "communitybuildingworkinggroup.md",
    ),
    "executive-council": ("executive_council", "Executive Council", "executive_council.md"),
    "dei-committee": ("dei_standing_committee", "DEI Standing Committee", "charters/DeiCharter.md"),
}


def take_ids(apps, schema_editor):
    Body = apps.get_model("membership", "Body")
    for slug, (governance_id, name, homepage) in TEAMS.items():
        Body.objects.filter(slug=slug, governance_id__isnull=True).update(
            governance_id=governance_id, name=name, homepage=homepage
        )


class Migration(migrations.Migration):
    dependencies = [("membership", "0010_governance_repository_fields")]

    operations = [migrations.RunPython(take_ids, migrations.RunPython.noop)]
