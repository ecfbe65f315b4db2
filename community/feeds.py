from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from media.feeds import rendition_enclosures

from .models import Post


class PostsFeed(Feed):
    title = _("Safety tips, news and alerts")
    description = _("Safety tips, department news and emergency alerts from the department.")
    link = reverse_lazy("community:list")

    def items(self):
        return Post.objects.published().order_by("-published_at")[:30]

    def item_title(self, item: Post) -> str:
        if item.is_alert:
            return f"{item.get_severity_display()} alert: {item.title}"
        return item.title

    def item_description(self, item: Post) -> str:
        return item.body[:600]

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return item.updated_at

    def item_categories(self, item: Post):
        return [str(item.get_kind_display())]

    def item_enclosures(self, item: Post):
        return rendition_enclosures(item)


class PostsAtomFeed(PostsFeed):
    feed_type = Atom1Feed
    subtitle = PostsFeed.description
