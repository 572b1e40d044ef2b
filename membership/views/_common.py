"""What the membership pages share."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, per_page=PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def posted(request):
    """The form data of a POST, even an empty one (a ballot with nothing chosen)."""
    return request.POST if request.method == "POST" else None
