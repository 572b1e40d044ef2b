"""The public leadership directory: the bodies, each body's current and past
members who chose to be public, and the same data as YAML."""

import yaml
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from membership import selectors


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
def directory_yaml(request):
    text = yaml.safe_dump(selectors.directory_export(), sort_keys=False, allow_unicode=True)
    return HttpResponse(text, content_type="text/yaml; charset=utf-8")
