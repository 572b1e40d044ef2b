from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from cwg_portal import registry


@login_not_required
def home(request):
    return render(request, "cwg_portal/home.html")


def dashboard(request):
    user = request.user
    panels = [(panel, panel.context(user)) for panel in registry.panels() if panel.predicate(user)]
    return render(request, "cwg_portal/dashboard.html", {"panels": panels})
