from typing import cast

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from accounts import urls as account_views
from accounts.views import set_language
from cases import views as case_views

from . import health
from .caching import View, cache_public_page

admin.site.site_header = _("TipPortal administration")
admin.site.site_title = _("TipPortal")
# The index lists what the signed-in person may change; the heading promises nothing more.
admin.site.index_title = _("What you can manage")

urlpatterns = [
    path("", case_views.home, name="home"),
    path("", include("cases.urls")),
    path("", include("community.urls")),
    path("", include("notifications.urls")),
    path("", include("stats.urls")),
    path("", include("moderation.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/login/", account_views.login_view, name="login"),
    path("accounts/password_reset/", account_views.password_reset_view, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("tips/", include("tips.urls")),
    path("desk/", include("tips.desk_urls")),
    path("desk/threats/", include("moderation.threat_urls")),
    path("healthz", health.healthz, name="healthz"),
    path("language/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# The words site.js shows (the djangojs catalog), cached like a public page, at one address per
# language (/en/jsi18n/, /es/jsi18n/): a browser never reuses one language's copy for the other.
urlpatterns += i18n_patterns(
    # (The catalog view's responses are HttpResponses; its signature names their base class.)
    path("jsi18n/", cache_public_page()(cast(View, JavaScriptCatalog.as_view())), name="javascript-catalog"),
)

if settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    from media.storage import PUBLIC_MEDIA

    # Public media only: renditions and poster frames, the same allow-list as the shipped nginx
    # site. Originals have no URL; tip attachments are encrypted and served by the officers' desk.
    urlpatterns += [
        re_path(rf"^media/(?P<path>{PUBLIC_MEDIA})$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
