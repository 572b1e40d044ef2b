"""What the membership pages share."""


def posted(request):
    """The form data of a POST, even an empty one (a ballot with nothing chosen)."""
    return request.POST if request.method == "POST" else None
