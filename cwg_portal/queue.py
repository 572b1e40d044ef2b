"""Work queued for later, named by its task's name.

An app's tasks call its services; its services ask for tasks through here by
name, so neither module imports the other and the two never form a circle.
"""

from importlib import import_module

from celery import current_app
from django.db import transaction


def after_commit(name, *args, eta=None):
    """Queue the task `name` ("<app>.<task>") once the current transaction commits."""
    # Loading the app's tasks module registers its tasks with Celery.
    import_module(f"{name.partition('.')[0]}.tasks")
    task = current_app.tasks[name]
    transaction.on_commit(lambda: task.apply_async(args, eta=eta))
