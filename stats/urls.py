from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("figures/", views.public_figures, name="figures"),
    path("figures/cases.csv", views.figures_csv, name="figures-csv"),
    path("figures/outcomes/", views.outcomes, name="outcomes"),
]
