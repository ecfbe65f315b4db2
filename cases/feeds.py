from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from media.feeds import rendition_enclosures

from .models import Case, Still


def _with_stills(cases):
    # The lead still of every item in one query, in gallery order.
    return cases.select_related("category", "area").prefetch_related(
        Prefetch("stills", queryset=Still.objects.order_by("position", "id"))
    )


class NewCasesFeed(Feed):
    title = _("New cases")
    description = _("Cases newly published by the department, asking for the public's help.")
    link = reverse_lazy("cases:list")

    def items(self):
        return _with_stills(Case.objects.published()).order_by("-published_at")[:30]

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

    def item_enclosures(self, item: Case):
        return rendition_enclosures(item.lead_still())


class SolvedCasesFeed(NewCasesFeed):
    title = _("Solved cases")
    description = _("Cases the department has solved, many thanks to tips from the public.")

    def items(self):
        return _with_stills(Case.objects.published().solved()).order_by("-solved_at")[:30]

    def item_pubdate(self, item: Case):
        return item.solved_at


class NewCasesAtomFeed(NewCasesFeed):
    feed_type = Atom1Feed
    subtitle = NewCasesFeed.description


class SolvedCasesAtomFeed(SolvedCasesFeed):
    feed_type = Atom1Feed
    subtitle = SolvedCasesFeed.description
