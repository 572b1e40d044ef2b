from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from reporting import markdown, selectors


class PostFeed(Feed):
    """The published annual posts, as Atom."""

    feed_type = Atom1Feed
    title = "Community Working Group: annual posts"
    subtitle = "The working group's year, from its reports to the Executive Council."

    def link(self):
        return reverse("reporting:blog")

    def items(self):
        return selectors.posts_published()[:20]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return markdown.render(post.body)

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at
