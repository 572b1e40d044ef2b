"""Who may do what with the reports to the Executive Council."""

from django.db.models import Q

from cwg_portal.policies import Rule, register
from cwg_portal.roles import is_council, is_cwg_chair, is_cwg_member
from reporting.enums import EDITABLE, PostStatus, ReportStatus

IN_REVIEW = (ReportStatus.SUBMITTED,)

register(
    # The group that writes the reports and the council they are written for.
    Rule("reporting.see_report", roles=is_cwg_member | is_council),
    # Negotiations and individual cases: the council and the chair who writes them.
    Rule("reporting.see_council_part", roles=is_council | is_cwg_chair),
    # Any member may refresh the figures while the report is still the group's.
    Rule("reporting.build_report", roles=is_cwg_member, states=EDITABLE),
    Rule("reporting.write_narrative", roles=is_cwg_chair, states=EDITABLE),
    Rule("reporting.submit_report", roles=is_cwg_chair, states=EDITABLE),
    # Submitted, the council reviews each section, then accepts or asks for
    # changes; the chair answers its comments in their threads.
    Rule("reporting.review_report", roles=is_council, states=IN_REVIEW),
    Rule("reporting.decide_report", roles=is_council, states=IN_REVIEW),
    Rule("reporting.comment_report", roles=is_council | is_cwg_chair, states=IN_REVIEW),
)

register(
    # The annual post: the group drafts, reviews and approves it; the chair
    # publishes it; everyone reads it once published.
    Rule(
        "reporting.see_post",
        roles=is_cwg_member | is_council,
        where=lambda user: Q(status=PostStatus.PUBLISHED),
    ),
    Rule("reporting.edit_post", roles=is_cwg_member, states=(PostStatus.DRAFT,)),
    # A member sends a draft to review; another member than its last editor
    # approves it, so that no post is approved by its own author.
    Rule(
        "reporting.review_post",
        where=lambda user: (
            (Q(status=PostStatus.DRAFT) | ~Q(updated_by=user))
            if is_cwg_member(user)
            else Q(pk__in=[])
        ),
        states=(PostStatus.DRAFT, PostStatus.IN_REVIEW),
    ),
    Rule("reporting.publish_post", roles=is_cwg_chair, states=(PostStatus.APPROVED,)),
)
