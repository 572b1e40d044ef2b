from django.db import models

from dei.enums import DiscTier


class DiscItemQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(retired=False)


class DiscItem(models.Model):
    """One practice of the DISC guidelines for inclusive events. Workshop DEI plans
    commit to items of this list, and the event checklist grows from it; an item is
    retired rather than deleted, so past plans keep what they promised."""

    slug = models.SlugField(max_length=60, unique=True)
    text = models.CharField(max_length=300)
    tier = models.CharField(max_length=10, choices=DiscTier.choices)
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(default=False)

    objects = DiscItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = "DISC guideline item"

    def __str__(self):
        return self.text
