"""A paginator for lists that can hold tens of thousands of rows.

Counting 50,000 clients exactly costs more than finding the 25 on the page. Above `cap`
rows, `CappedPaginator` stops counting: it says "more than 1,000" and pages through the
first 1,000, and the page asks the reader to narrow the list (search or a filter), as
search engines do. Below the cap, nothing changes.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

DEFAULT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = DEFAULT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _seen(self) -> int:
        # COUNT over a LIMIT: the database stops once it has found cap + 1 rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._seen, self.cap)

    @property
    def capped(self) -> bool:
        """True when there are more rows than the list will show."""
        return self._seen > self.cap
