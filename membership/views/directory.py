"""The public leadership directory: the bodies, each body's current and past
members who chose to be public, and the same data as the governance
repository's three leadership files."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from membership import selectors
from membership.governance_format import dump_governance_file


@login_not_required
def directory_index(request):
    bodies = selectors.public_bodies().select_related("reports_to")
    return render(request, "membership/directory.html", {"bodies": bodies})


@login_not_required
def directory_body(request, body_slug):
    body = get_object_or_404(selectors.public_bodies(), slug=body_slug)
    seats = selectors.directory(body)
    context = {"body": body, "current": seats["current"], "past": seats["past"]}
    return render(request, "membership/directory_body.html", context)


@login_not_required
def directory_file(request, filename):
    """jupyter-teams.yml, organizations.yml or contributors.yml, for download."""
    text = dump_governance_file(filename, selectors.governance_export()[filename])
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
