"""Crime figures from the department's published cases: counts per month, area and category,
and the share solved. Pure queries; the views render them as tables, SVG charts and CSV."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from cases.models import Area, Case, Category

MONTHS = 12


@dataclass
class Row:
    label: str
    cases: int
    solved: int
    # A shorter label for a chart's axis, when `label` is too long for it.
    short_label: str = ""

    @property
    def share_solved(self) -> int:
        """Percent solved, rounded; 0 when there are no cases."""
        return round(100 * self.solved / self.cases) if self.cases else 0


@dataclass
class Figures:
    start: date
    months: list[Row] = field(default_factory=list)
    areas: list[Row] = field(default_factory=list)
    categories: list[Row] = field(default_factory=list)

    @property
    def total(self) -> Row:
        return Row("", sum(r.cases for r in self.months), sum(r.solved for r in self.months))


def _month_starts(today: date) -> list[date]:
    year, month = today.year, today.month
    starts = []
    for _ in range(MONTHS):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def cases_in_window(*, area: Area | None = None, category: Category | None = None, today: date | None = None):
    today = today or timezone.localdate()
    start = _month_starts(today)[0]
    start_at = datetime(start.year, start.month, 1, tzinfo=timezone.get_current_timezone())
    cases = Case.objects.published().filter(published_at__gte=start_at)
    if area:
        cases = cases.filter(area=area)
    if category:
        cases = cases.filter(category=category)
    return cases, start


_COUNTS = {"cases": Count("pk"), "solved": Count("pk", filter=Q(status=Case.Status.SOLVED))}


def public_figures(*, area: Area | None = None, category: Category | None = None, today: date | None = None) -> Figures:
    today = today or timezone.localdate()
    cases, start = cases_in_window(area=area, category=category, today=today)
    figures = Figures(start=start)
    per_month = {
        row["month"].date() if isinstance(row["month"], datetime) else row["month"]: row
        for row in cases.annotate(month=TruncMonth("published_at")).values("month").annotate(**_COUNTS).order_by()
    }
    for month in _month_starts(today):
        row = per_month.get(month, {"cases": 0, "solved": 0})
        # In the reader's language: "December 2025" in the table, "Dec 2025" under the chart.
        label = date_format(month, "YEAR_MONTH_FORMAT")
        short_label = date_format(month, pgettext("month and year under a chart", "M Y"))
        figures.months.append(Row(label, row["cases"], row["solved"], short_label))
    figures.areas = _grouped(cases, "area__name")
    # The default categories' names are translated (cases/defaults.py); area names are places.
    figures.categories = _grouped(cases, "category__name", translate=True)
    return figures


def _grouped(cases: QuerySet, name: str, *, translate: bool = False) -> list[Row]:
    rows = cases.values(name).annotate(**_COUNTS).order_by("-cases", name)
    return [Row(gettext(row[name]) if translate else row[name], row["cases"], row["solved"]) for row in rows]


def csv_rows(*, area: Area | None = None, category: Category | None = None, today: date | None = None):
    """One row per month, area and category that has cases."""
    cases, _start = cases_in_window(area=area, category=category, today=today)
    yield ["month", "area", "category", "cases", "solved"]
    rows = (
        cases.annotate(month=TruncMonth("published_at"))
        .values("month", "area__name", "category__name")
        .annotate(**_COUNTS)
        .order_by("month", "area__name", "category__name")
    )
    for row in rows:
        yield [row["month"].strftime("%Y-%m"), row["area__name"], row["category__name"], row["cases"], row["solved"]]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    css: str
    # Where the bar's value is written: above a standing bar, after a lying one.
    value_x: float
    value_y: float


@dataclass
class Label:
    x: float
    y: float
    text: str


@dataclass
class Chart:
    """A bar chart laid out for an SVG viewBox (the template only draws it): two bars per row
    (cases and solved, or their like), each with its value, and a label per row. The legend is
    the page's, in HTML, so it wraps and reads in any language."""

    width: int
    height: int
    bars: list[Bar]
    labels: list[Label]
    baseline: float
    maximum: int


_SERIES = ("tp-bar", "tp-bar tp-bar-solved")


def bar_chart(rows: list[Row], *, width: int = 720, height: int = 260) -> Chart:
    """Standing bars, a group per row, for screens wide enough to read 12 labels side by side."""
    top, bottom, left = 20, 26, 8  # room for the tallest bar's value above, the labels below
    plot_height = height - top - bottom
    maximum = max([max(r.cases, r.solved) for r in rows] + [1])
    slot = (width - left) / max(len(rows), 1)
    bar_width = slot * 0.36
    bars, labels = [], []
    for index, row in enumerate(rows):
        x = left + index * slot + slot * 0.12
        for offset, value, css in ((0, row.cases, _SERIES[0]), (bar_width + 2, row.solved, _SERIES[1])):
            bar_height = plot_height * value / maximum
            bar_x, bar_y = round(x + offset, 1), round(top + plot_height - bar_height, 1)
            bars.append(Bar(bar_x, bar_y, round(bar_width, 1), round(bar_height, 1), value, css,
                            round(bar_x + bar_width / 2, 1), round(bar_y - 4, 1)))  # fmt: skip
        labels.append(Label(round(x + bar_width + 1, 1), height - 8, row.short_label or row.label))
    return Chart(width, height, bars, labels, top + plot_height, maximum)


def row_chart(rows: list[Row], *, width: int = 360) -> Chart:
    """Lying bars, a row per label, for a phone: the words and numbers stay at a readable size
    however many rows there are."""
    row_height, label_width, value_room = 36, 76, 34
    plot_width = width - label_width - value_room
    maximum = max([max(r.cases, r.solved) for r in rows] + [1])
    bars, labels = [], []
    for index, row in enumerate(rows):
        y = index * row_height
        labels.append(Label(0, y + 20, row.short_label or row.label))
        for offset, value, css in ((4, row.cases, _SERIES[0]), (18, row.solved, _SERIES[1])):
            length = round(plot_width * value / maximum, 1)
            bars.append(Bar(label_width, y + offset, length, 12, value, css, label_width + length + 4, y + offset + 10))
    return Chart(width, len(rows) * row_height + 4, bars, labels, label_width, maximum)


@dataclass
class Week:
    start: date
    tips: int
    solved: int
    solved_with_tips: int


def _per_week(queryset: QuerySet, field_name: str, since: datetime) -> dict[date, int]:
    from django.db.models.functions import TruncWeek

    rows = (
        queryset.filter(**{f"{field_name}__gte": since})
        .annotate(week=TruncWeek(field_name))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["week"].date() if isinstance(row["week"], datetime) else row["week"]): row["count"] for row in rows}


def weekly_outcomes(*, weeks: int = 12, today: date | None = None) -> list[Week]:
    """Per week (Monday to Sunday), oldest first: tips received, cases solved, and how many of
    those solved cases had at least one tip: what the portal helps close."""
    from datetime import timedelta

    from django.db.models import Exists, OuterRef

    from tips.models import Tip

    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    since = datetime(starts[0].year, starts[0].month, starts[0].day, tzinfo=timezone.get_current_timezone())
    solved = Case.objects.filter(status=Case.Status.SOLVED)
    tips = _per_week(Tip.objects.all(), "created_at", since)
    solved_counts = _per_week(solved, "solved_at", since)
    with_tips = _per_week(solved.filter(Exists(Tip.objects.filter(case=OuterRef("pk")))), "solved_at", since)
    return [Week(start, tips.get(start, 0), solved_counts.get(start, 0), with_tips.get(start, 0)) for start in starts]
