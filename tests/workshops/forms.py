"""What the workshops page tests share: a formset's management fields, a
review submitted through the service, and a field's value as a page shows it."""

import re
from html import unescape

from workshops.services.reviews import review_submit


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def submitted_review(proposal, user, score=4, comment="Clear and feasible."):
    return review_submit(
        proposal=proposal,
        by=user,
        scores={criterion.pk: score for criterion in proposal.call.criteria.all()},
        comment=comment,
    )


def input_value(response, name):
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', response.content.decode())
    if tag is None:
        return None
    if tag.group(0).startswith("<textarea"):
        after = response.content.decode()[tag.end() :]
        return unescape(after[: after.index("</textarea>")]).strip()
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else ""
