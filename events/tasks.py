from celery import shared_task

from events.services.staff import engagements_sync


@shared_task(name="events.engagements_sync")
def engagements_sync_task():
    """End the engagements past their last day and grant or remove the
    events-staff role to match those in force; a second run changes nothing."""
    return engagements_sync()
