"""The annual post: drafted from the year's accepted reports, edited with a
preview, reviewed by the group, published by the chair on the public blog."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cwg_portal.forms import add_service_error
from reporting import markdown, selectors
from reporting.forms import PostDraftForm, PostForm
from reporting.services import posts as post_services


@login_not_required
def blog(request):
    context = {"posts": selectors.posts_visible_to(request.user)}
    return render(request, "reporting/blog.html", context)


@login_not_required
def post_detail(request, year):
    post = get_object_or_404(selectors.posts_visible_to(request.user), year=year)
    context = {"post": post, "body": markdown.render(post.body)}
    return render(request, "reporting/post_detail.html", context)


@permission_required("reporting.edit_post", raise_exception=True)
@require_POST
def post_draft(request):
    form = PostDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the year of the post.")
        return redirect("reporting:blog")
    try:
        post = post_services.post_draft(year=form.cleaned_data["year"], by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("reporting:blog")
    return redirect("reporting:post_edit", year=post.year)


@permission_required("reporting.edit_post", raise_exception=True)
def post_edit(request, year):
    post = get_object_or_404(selectors.posts_visible_to(request.user), year=year)
    if not request.user.has_perm("reporting.edit_post", post):
        raise PermissionDenied
    form = PostForm(request.POST or None, initial={"title": post.title, "body": post.body})
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = markdown.render(form.cleaned_data["body"])
        else:
            try:
                post_services.post_edit(post=post, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "The post is saved.")
                return redirect(post)
    context = {"post": post, "form": form, "preview": preview}
    return render(request, "reporting/post_form.html", context)


def _pressed(request, post, run, done):
    try:
        run()
    except (ValidationError, PermissionDenied) as refused:
        for message in getattr(refused, "messages", [str(refused)]):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(post)


@permission_required("reporting.edit_post", raise_exception=True)
@require_POST
def post_advance(request, year):
    post = get_object_or_404(selectors.posts_visible_to(request.user), year=year)
    return _pressed(
        request,
        post,
        lambda: post_services.post_advance(post=post, by=request.user),
        "The post moves on in its review.",
    )


@permission_required("reporting.publish_post", raise_exception=True)
@require_POST
def post_publish(request, year):
    post = get_object_or_404(selectors.posts_visible_to(request.user), year=year)
    return _pressed(
        request,
        post,
        lambda: post_services.post_publish(post=post, by=request.user),
        "The post is published on the blog.",
    )
