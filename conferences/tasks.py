from celery import shared_task

from conferences.services.editions import milestones_overdue_notify


@shared_task(name="conferences.milestones_overdue_notify")
def milestones_overdue_notify_task():
    """Tell owners and the chair of the milestones past their date; once per milestone and date."""
    return milestones_overdue_notify()
