"""Every page in English or Spanish: from the switcher's cookie, else the browser's
Accept-Language; `<html lang>`, dates, numbers, the JavaScript catalog and error pages follow."""

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.tests.otp import code_for_secret, give_authenticator
from cases.tests.factories import CaseFactory, CategoryFactory
from tips.tests.factories import TIP_TEXT

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def test_a_spanish_browser_gets_the_site_in_spanish(client):
    response = client.get(reverse("home"), **SPANISH)
    assert _html_lang(response) == "es"
    assert response["Content-Language"] == "es"
    assert "Enviar pista" in response.text and "En caso de emergencia, llame al 911." in response.text
    assert "Accept-Language" in response["Vary"]


def test_any_other_browser_gets_english(client):
    for headers in (ENGLISH, {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}, {}):
        response = client.get(reverse("home"), **headers)
        assert _html_lang(response) == "en"
        assert "Send a tip" in response.text


def test_the_switchers_cookie_wins_over_the_browser(client):
    client.cookies["django_language"] = "es"
    response = client.get(reverse("cases:list"), **ENGLISH)
    assert _html_lang(response) == "es"
    assert "Mostrar casos" in response.text


def test_a_cached_page_is_kept_apart_for_each_language(client):
    case = CaseFactory()
    english = client.get(case.get_absolute_url(), **ENGLISH)
    spanish = client.get(case.get_absolute_url(), **SPANISH)
    again = client.get(case.get_absolute_url(), **ENGLISH)
    assert "Share this case" in english.text and "Comparta este caso" in spanish.text
    assert again.content == english.content
    assert "public" in spanish["Cache-Control"]


def test_every_page_offers_the_other_language_and_comes_back_to_itself(client):
    case = CaseFactory()
    for url in (reverse("home"), case.get_absolute_url(), reverse("tips:send") + f"?case={case.slug}",
                reverse("tips:check"), reverse("stats:figures"), reverse("login")):  # fmt: skip
        response = client.get(url, **SPANISH)
        switcher = re.search(r'<form method="post" action="/language/".*?</form>', response.text, re.S).group(0)
        assert f'name="next" value="{url.replace("&", "&amp;")}"' in switcher
        assert '<button type="submit" name="language" value="en" lang="en"' in switcher
        assert 'lang="es" aria-current="true">Español<' in switcher


def test_the_tip_receipt_offers_no_switch_that_would_lose_it(client):
    response = client.post(reverse("tips:send"), {"body": TIP_TEXT}, **SPANISH)
    assert response.status_code == 200
    assert "Su comprobante" in response.text
    assert 'action="/language/"' not in response.text


def test_dates_and_numbers_follow_the_language(client):
    eastern = ZoneInfo("America/New_York")
    CaseFactory(
        category=CategoryFactory(name="Burglary", slug="burglary"),
        incident_at=datetime(2026, 3, 6, 21, 15, tzinfo=eastern),
        reward=Decimal("1500.00"),
    )
    english = client.get(reverse("cases:list"), **ENGLISH).text
    spanish = client.get(reverse("cases:list"), **SPANISH).text
    assert "Mar 6, 2026" in english and "Reward $1,500" in english and "Burglary ·" in english
    assert "6 de marzo de 2026" in spanish and "Recompensa de $1,500" in spanish
    assert "Robo con allanamiento ·" in spanish


def test_the_case_page_gives_the_incident_time_in_words_of_the_language(client):
    eastern = ZoneInfo("America/New_York")
    case = CaseFactory(incident_at=datetime(2026, 3, 6, 21, 15, tzinfo=eastern))
    assert "Friday, Mar 6, 2026, 9:15 p.m." in client.get(case.get_absolute_url(), **ENGLISH).text
    assert "viernes, 6 de marzo de 2026, 9:15 p.m." in client.get(case.get_absolute_url(), **SPANISH).text


def test_the_figures_page_is_in_spanish(client):
    CaseFactory()
    response = client.get(reverse("stats:figures"), **SPANISH)
    assert "Cifras de delitos" in response.text and "Por categoría" in response.text
    assert re.search(r"<th scope=\"row\">(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre"
                     r"|noviembre|diciembre) de 20\d\d</th>", response.text)  # fmt: skip
    assert "Hurto" in response.text  # the default category, translated


def test_the_javascript_catalog_has_the_scripts_words_at_an_address_per_language(client):
    # Whatever the browser or cookie says: a browser's cached copy always matches its address.
    spanish = client.get("/es/jsi18n/", **ENGLISH)
    assert spanish["Content-Type"].startswith("text/javascript")
    assert '"Link copied": "Enlace copiado"' in spanish.text
    assert '"Sending\\u2026": "Enviando\\u2026"' in spanish.text
    assert "public" in spanish["Cache-Control"]
    assert "Enlace copiado" not in client.get("/en/jsi18n/", **SPANISH).text


def test_pages_load_their_languages_catalog_before_the_sites_script_and_carry_no_inline_script(client):
    for headers, catalog in ((SPANISH, "/es/jsi18n/"), (ENGLISH, "/en/jsi18n/")):
        page = client.get(reverse("home"), **headers).text
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
        sources = [re.search(r'src="([^"]+)"', attributes).group(1) for attributes, _body in scripts]
        assert sources.index(catalog) < sources.index("/static/tipportal/site.js")
        assert all(not body.strip() for _attributes, body in scripts)


def test_error_pages_speak_spanish(client):
    missing = client.get("/no/such/page/", **SPANISH)
    assert missing.status_code == 404 and "No encontramos esa página" in missing.text
    assert _html_lang(missing) == "es"
    expired = Client(enforce_csrf_checks=True).post(reverse("tips:check"), {"code": "x", "secret": "y"}, **SPANISH)
    assert expired.status_code == 403 and "Este formulario venció" in expired.text
    with translation.override("es"):
        server_error = render_to_string("500.html")
    assert '<html lang="es">' in server_error and "Algo salió mal de nuestro lado" in server_error


def test_a_staff_only_page_refuses_in_spanish(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse("stats:outcomes"), **SPANISH)
    assert response.status_code == 403
    assert "No puede abrir esta página" in response.text


def test_too_many_checks_are_refused_in_spanish(client, settings):
    settings.TIP_CHECKS_PER_HOUR = 1
    client.post(reverse("tips:check"), {"code": "AAAA-AAAA-AAAA", "secret": "one two"}, **SPANISH)
    response = client.post(reverse("tips:check"), {"code": "AAAA-AAAA-AAAA", "secret": "one two"}, **SPANISH)
    assert response.status_code == 429
    assert "Demasiados intentos" in response.text


def test_feeds_are_in_spanish(client):
    CaseFactory()
    feed = client.get(reverse("cases:feed-new-rss"), **SPANISH).text
    assert "<language>es</language>" in feed and "<title>Casos nuevos</title>" in feed
    assert "Hurto · " in feed


def test_form_errors_are_in_spanish(client):
    response = client.post(reverse("tips:send"), {"body": ""}, **SPANISH)
    assert response.status_code == 400
    assert "Cuéntenos lo que sabe: este cuadro no puede quedar vacío." in response.text


def test_the_admin_is_in_spanish_for_staff_who_choose_it(client, analyst):
    client.force_login(analyst)
    client.cookies["django_language"] = "es"
    response = client.get(reverse("admin:index"))
    assert "Administración de TipPortal" in response.text


def test_the_admins_script_catalog_has_the_case_forms_words(client, analyst):
    client.force_login(analyst)
    client.cookies["django_language"] = "es"
    catalog = client.get(reverse("admin:jsi18n")).text
    assert '"Saving\\u2026": "Guardando\\u2026"' in catalog


def test_a_staff_member_sets_up_and_passes_the_second_factor_in_spanish(client, officer):
    """The set-up, recovery codes, code and account pages, and their errors, in Spanish."""
    client.cookies["django_language"] = "es"
    client.post(reverse("login"), {"username": officer.username, "password": "correct horse battery staple"})
    setup_url = reverse("accounts:second-factor-setup") + "?next=/desk/"
    setup = client.get(setup_url)
    assert _html_lang(setup) == "es"
    assert "Configure su aplicación de autenticación" in setup.text
    assert "Escanee este código QR:" in setup.text
    assert "<title>Código QR para escanear con su aplicación de autenticación</title>" in setup.text
    wrong = client.post(setup_url, {"code": "12345"})
    assert wrong.status_code == 400
    assert "Escriba los seis dígitos que muestra su aplicación, sin letras." in wrong.text
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', setup.text).group(1)
    codes = client.post(setup_url, {"code": code_for_secret(secret)})
    assert codes.status_code == 200
    assert "Sus códigos de recuperación" in codes.text and "Ya los guardé: continuar" in codes.text

    account = client.get(reverse("accounts:account"))
    assert _html_lang(account) == "es"
    assert "Su cuenta" in account.text and "Segundo factor" in account.text
    assert "Quedan 10 códigos de recuperación." in account.text
    assert "Cerrar sesión en todas partes" in account.text
    # The date the app was set up, in Spanish words ("5 de marzo de 2026").
    assert re.search(r"Aplicación de autenticación configurada el \d{1,2} de [a-z]+ de \d{4}\.", account.text)

    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": officer.username, "password": "correct horse battery staple"})
    verify_url = reverse("accounts:second-factor") + "?next=/desk/"
    page = client.get(verify_url)
    assert "Segundo paso: su código" in page.text and "¿Perdió su teléfono?" in page.text
    refused = client.post(verify_url, {"code": "000000"})
    assert refused.status_code == 400
    assert "Ese código no es correcto." in refused.text


def test_a_superuser_resets_a_second_factor_in_a_spanish_admin(client, officer, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "a long root passphrase")
    give_authenticator(officer)
    client.force_login(root)
    client.cookies["django_language"] = "es"
    page = client.get(reverse("admin:accounts_user_reset_second_factor", args=[officer.pk]))
    assert "Restablecer el segundo factor" in page.text
    assert "Motivo (para el registro de auditoría)" in page.text
    assert re.search(r"Aplicación de autenticación configurada el \d{1,2} de [a-z]+ de \d{4}\.", page.text)
