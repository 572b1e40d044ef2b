"""What the workshops pages share: finding a proposal its reader may see, and the
buttons that run one service and go back with what happened."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from workshops import selectors


def visible_proposal(request, proposal_pk):
    """The proposal with everything its page reads; 404 to those who may not see it."""
    get_object_or_404(selectors.proposals_visible_to(request.user), pk=proposal_pk)
    return selectors.proposal_detail(proposal_pk)


@require_POST
def pressed(request, *, run, done, back):
    """A button without fields: run the service, then say what it did or why it
    refused, on the page the button was on."""
    try:
        result = run()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done(result))
    return redirect(back)
