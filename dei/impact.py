"""The post-event DEI impact: the structured fields every event's summary carries
(a workshop's, a JupyterCon edition's), defined once here so that the reports
and the DEI committee read the same three answers whatever the event."""

from django.db import models

DEI_IMPACT_FIELDS = ("dei_reached", "dei_achieved", "dei_shortfalls")


class DeiImpact(models.Model):
    dei_reached = models.TextField("who the event reached", max_length=4000)
    dei_achieved = models.TextField("what the DEI plan achieved", max_length=4000)
    dei_shortfalls = models.TextField("what did not work", max_length=4000)

    class Meta:
        abstract = True
