from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Case


class NewCasesFeed(Feed):
    title = _("New cases")
    description = _("Cases newly published by the department, asking for the public's help.")
    link = reverse_lazy("cases:list")

    def items(self):
        return Case.objects.published().select_related("category", "area").order_by("-published_at")[:30]

    def item_title(self, item: Case) -> str:
        return f"{item.number}: {item.title}"

    def item_description(self, item: Case) -> str:
        return f"{item.category} · {item.area}. {item.summary[:400]}"

    def item_pubdate(self, item: Case):
        return item.published_at

    def item_updateddate(self, item: Case):
        return item.updated_at

    def item_categories(self, item: Case):
        return [item.category.name, item.area.name]


class SolvedCasesFeed(NewCasesFeed):
    title = _("Solved cases")
    description = _("Cases the department has solved, many thanks to tips from the public.")

    def items(self):
        return Case.objects.published().solved().select_related("category", "area").order_by("-solved_at")[:30]

    def item_pubdate(self, item: Case):
        return item.solved_at


class NewCasesAtomFeed(NewCasesFeed):
    feed_type = Atom1Feed
    subtitle = NewCasesFeed.description


class SolvedCasesAtomFeed(SolvedCasesFeed):
    feed_type = Atom1Feed
    subtitle = SolvedCasesFeed.description
