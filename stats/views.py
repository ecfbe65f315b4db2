from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tipportal.access import require_permission
from tipportal.caching import cache_public_page
from tipportal.csv_export import csv_response

from . import figures
from .forms import FiguresFilterForm


@require_GET
@cache_public_page("area", "category")
def public_figures(request: HttpRequest) -> HttpResponse:
    form = FiguresFilterForm(request.GET)
    filters = form.filters()
    data = figures.public_figures(**filters)
    context = {
        "form": form,
        "filters": filters,
        "figures": data,
        "chart": figures.bar_chart(data.months),
        "phone_chart": figures.row_chart(data.months),
        "query": request.GET.urlencode(),
    }
    return render(request, "stats/figures.html", context)


@require_GET
@cache_public_page("area", "category")
def figures_csv(request: HttpRequest) -> HttpResponse:
    filters = FiguresFilterForm(request.GET).filters()
    return csv_response(figures.csv_rows(**filters), "case-figures.csv")


def _require_department(request: HttpRequest) -> None:
    """Officers and analysts only."""
    require_permission(request, "cases.solve_case", "cases.change_case")


@never_cache
@require_GET
@login_required
def outcomes(request: HttpRequest) -> HttpResponse:
    _require_department(request)
    weeks = figures.weekly_outcomes()
    day = pgettext("week start under a chart: short month and day", "M j")
    rows = [figures.Row(date_format(week.start, day), week.solved, week.solved_with_tips) for week in weeks]
    context = {"weeks": weeks, "chart": figures.bar_chart(rows), "phone_chart": figures.row_chart(rows)}
    return render(request, "stats/outcomes.html", context)
