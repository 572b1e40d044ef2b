import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwg_portal.settings")

app = Celery("cwg_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
