from celery import shared_task

from dei.services.checklists import checklists_open


@shared_task(name="dei.checklists_open")
def checklists_open_task():
    """Open the DEI checklists of the workshops and JupyterCon editions to come."""
    return checklists_open()
