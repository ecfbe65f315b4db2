from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from cases import views as case_views

from . import health

admin.site.site_header = _("TipPortal administration")
admin.site.site_title = _("TipPortal")
admin.site.index_title = _("Cases, tips and the audit log")

urlpatterns = [
    path("", case_views.home, name="home"),
    path("", include("cases.urls")),
    path("tips/", include("tips.urls")),
    path("desk/", include("tips.desk_urls")),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    # Public case media only: tip attachments are encrypted and served by the officers' desk.
    urlpatterns += [
        re_path(r"^media/(?P<path>(stills|videos)/.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
