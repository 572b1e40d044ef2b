"""Final actions ask first: a page of their own that says what will happen and
what cannot be undone, with the action's button and a way back.

A view of a destructive or final action answers GET with that page and takes
the action only on POST, so a link (or a prefetching browser) never acts.
"""

from dataclasses import dataclass

from django.shortcuts import render


@dataclass(frozen=True)
class Confirmation:
    question: str  # the page's heading, a question about one named object
    effects: tuple[str, ...]  # what the action does, each a sentence
    final: str  # what cannot be undone afterwards
    button: str  # the action's own words, for its (danger) button
    back: str  # the page the action was offered on


def confirm_then(request, confirmation, act):
    """The confirmation page on GET; on POST, `act()` and its answer."""
    if request.method != "POST":
        return render(request, "confirm.html", {"confirmation": confirmation})
    return act()
