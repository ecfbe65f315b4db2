"""Pages that cost the same at the end of a long list as at its start.

Django's Paginator fetches a page with `ORDER BY ... LIMIT 12 OFFSET n`: the database builds every
row it skips, with its joins and per-row subqueries (a case card's comment count), so page 1,600 of
20,000 cases cost 54 ms where page 1 cost 2. KeysFirstPaginator finds the page's primary keys
first (`SELECT id ... ORDER BY ... LIMIT 12 OFFSET n`, which an index alone answers) and then
builds only those rows, in one query: `WHERE id IN (that) ORDER BY ...`. Crawlers and visitors
paging far back miss the page cache, so the far pages must be cheap too.
"""

from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Subquery


class KeysFirstPaginator(Paginator):
    """A Paginator for an ordered QuerySet whose page rows are built only for that page."""

    object_list: QuerySet

    def page(self, number: int | str) -> Page:
        page = super().page(number)
        keys = cast(QuerySet, page.object_list).values("pk")  # the page's slice of the list, keys only
        page.object_list = self.object_list.filter(pk__in=Subquery(keys))
        return page
