"""Budget lines: the planned amounts per fund, year and category."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from rules.contrib.views import permission_required

from budget import selectors
from budget.forms import BudgetLineForm
from budget.services.budget_lines import budget_line_create
from cwg_portal.forms import add_service_error
from cwg_portal.pagination import paginate


# The lines are read by the ledger's readers (budget_lines_visible_to says the same).
@permission_required("budget.view_ledger", raise_exception=True)
def line_list(request):
    lines = selectors.budget_lines_visible_to(request.user).order_by(
        "-fiscal_year__starts_on", "fund__name", "category__kind", "category__name", "pk"
    )
    return render(request, "budget/line_list.html", {"page": paginate(request, lines)})


@permission_required("budget.plan_budget", raise_exception=True)
def line_create(request):
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            line = budget_line_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"The budget line “{line}” was added.")
            return redirect("budget:lines")
    return render(request, "budget/line_form.html", {"form": form})
