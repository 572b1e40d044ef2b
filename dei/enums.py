from django.db import models


class DiscTier(models.TextChoices):
    ESSENTIAL = "essential", "Essential"
    STRETCH = "stretch", "Stretch goal"
