from django.db import models

from events.enums import EventKind


class DiscTier(models.TextChoices):
    ESSENTIAL = "essential", "Essential"
    STRETCH = "stretch", "Stretch goal"


class DiscTheme(models.TextChoices):
    """How the checklist groups the DISC items, so organisers see related work together."""

    CONDUCT = "conduct", "Safety and conduct"
    ACCESS = "access", "Accessibility"
    OUTREACH = "outreach", "Outreach and selection"
    CARE = "care", "Care and comfort"


class ChecklistStatus(models.TextChoices):
    OPEN = "open", "Awaiting sign-off"
    SIGNED_OFF = "signed_off", "Signed off by the DEI committee"


class ItemStatus(models.TextChoices):
    OPEN = "open", "Not decided"
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# An item in these states counts towards the rule "every essential item and at
# least one stretch item": planned before the event, done after it. A stretch
# item marked not applicable does not count as the stretch the event reached for.
COUNTS_FOR_ESSENTIAL = (ItemStatus.PLANNED, ItemStatus.DONE, ItemStatus.NOT_APPLICABLE)
COUNTS_FOR_STRETCH = (ItemStatus.PLANNED, ItemStatus.DONE)
# Settled items: what happened is recorded.
SETTLED = (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE)

# The events that work a DEI checklist: the group's workshops and JupyterCon.
CHECKLIST_EVENT_KINDS = (EventKind.WORKSHOP, EventKind.JUPYTERCON)


class Agreement(models.IntegerChoices):
    """A five-point Likert scale."""

    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DISAGREE = 2, "Disagree"
    NEUTRAL = 3, "Neither agree nor disagree"
    AGREE = 4, "Agree"
    STRONGLY_AGREE = 5, "Strongly agree"


class FirstTime(models.TextChoices):
    YES = "yes", "Yes, my first"
    NO = "no", "No, I came before"
    PREFER_NOT = "prefer_not", "Prefer not to say"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    SELF_DESCRIBED = "self", "I describe myself (below)"
    PREFER_NOT = "prefer_not", "Prefer not to say"


class YesNoPrefer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = "prefer_not", "Prefer not to say"


# How a question left blank is counted in the results.
NO_ANSWER = "No answer"


class IncidentStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    INVESTIGATING = "investigating", "Investigating"
    RESOLVED = "resolved", "Resolved"

    @classmethod
    def next_states(cls, status):
        """A report moves forward one step at a time; a resolved one stays so."""
        order = list(cls)
        index = order.index(status)
        return order[index + 1 : index + 2]


class IncidentAccessKind(models.TextChoices):
    READ = "read", "Read"
    CHANGE = "change", "Changed"
    EXPORT = "export", "Exported"
    ERASE = "erase", "Details erased"


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Under way"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
