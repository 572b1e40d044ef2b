from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from cwg_portal.dashboard import panels_for


@login_not_required
def home(request):
    return render(request, "cwg_portal/home.html")


def dashboard(request):
    return render(request, "cwg_portal/dashboard.html", {"panels": panels_for(request.user)})
