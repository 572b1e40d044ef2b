from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

BODIES = [
    {
        "slug": "community-working-group",
        "name": "Community Working Group",
        "kind": "working-group",
        "portal_role": "cwg-member",
        "chair_role": "cwg-chair",
        "description": "Grows, builds and connects the Jupyter community on behalf of the "
        "Executive Council.",
    },
    {
        "slug": "executive-council",
        "name": "Executive Council",
        "kind": "council",
        "portal_role": "council",
        "chair_role": "",
        "description": "Project Jupyter's Executive Council.",
    },
    {
        "slug": "dei-committee",
        "name": "DEI Committee",
        "kind": "committee",
        "portal_role": "dei-committee",
        "chair_role": "",
        "description": "Diversity, equity and inclusion in Project Jupyter.",
    },
    {
        "slug": "code-of-conduct-team",
        "name": "Code of Conduct Team",
        "kind": "team",
        "portal_role": "coc-responder",
        "chair_role": "",
        "description": "Receives and responds to code-of-conduct reports.",
    },
]
SCHEDULES = [
    ("End memberships whose term is over", "membership.memberships_expire",
     {"minute": "5", "hour": "0"}),
    ("Close elections past their closing time", "membership.elections_close_due",
     {"minute": "*/10", "hour": "*"}),
]


def create(apps, schema_editor):
    Body = apps.get_model("membership", "Body")
    for body in BODIES:
        Body.objects.get_or_create(slug=body["slug"], defaults=body)
    Body.objects.filter(reports_to__isnull=True).exclude(slug="executive-council").update(
        reports_to=Body.objects.get(slug="executive-council")
    )
    ensure_crontab_tasks(apps, SCHEDULES)


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0003_governance"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
