"""Each subscriber reads our emails in the language of the last form they filled in (subscribe or
preferences); a stranger retyping their address changes nothing, their language included."""

import email
import email.policy

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from cases.services import publish_case
from cases.tests.factories import AreaFactory, CaseFactory
from notifications import services, tokens
from notifications.channels import EmailSender
from notifications.models import Subscription

from .factories import SubscriptionFactory
from .test_fanout_services import make_notification

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}


def _parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(linesep="\r\n"), policy=email.policy.default)


def _html(message) -> str:
    return _parsed(message).get_body(("html",)).get_content()


def test_subscribing_from_a_spanish_page_confirms_in_spanish(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:subscribe"), {"email": "ana@example.net", "urgent_alerts": "on"}, **SPANISH)
    assert Subscription.objects.get(email="ana@example.net").language == "es"
    (message,) = mail.outbox
    assert message.subject == "Confirme sus alertas del City Police Department"
    assert "Confirme que quiere recibir nuestras alertas por correo electrónico." in message.body
    assert "El enlace funciona durante 3 días." in message.body
    assert '<html lang="es">' in _html(message) and "Confirmar mis alertas" in _html(message)


def test_a_stranger_asking_in_spanish_leaves_a_subscribers_english_alone(client, django_capture_on_commit_callbacks):
    known = SubscriptionFactory(email="ana@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:subscribe"), {"email": "ana@example.net", "urgent_alerts": "on"}, **SPANISH)
    known.refresh_from_db()
    assert known.language == "en"
    assert mail.outbox[0].subject == "Your alerts from the City Police Department"


def test_saving_preferences_from_a_spanish_page_switches_the_emails_to_spanish(client):
    subscription = SubscriptionFactory()
    url = reverse("notifications:manage", args=[tokens.make_token(subscription, tokens.MANAGE)])
    response = client.post(url, {"urgent_alerts": "on", "community_posts": "on"}, **SPANISH)
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.language == "es" and subscription.community_posts


def test_each_subscriber_reads_a_new_case_in_their_own_language(analyst, django_capture_on_commit_callbacks):
    riverside = AreaFactory(name="Riverside")
    english = SubscriptionFactory(new_cases=True, urgent_alerts=False)
    spanish = SubscriptionFactory(new_cases=True, urgent_alerts=False, language="es")
    case = CaseFactory(area=riverside, title="Bottle taken", is_published=False, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        publish_case(case, actor=analyst)
    messages = {message.to[0]: message for message in mail.outbox}
    assert messages[english.email].subject == "New case in Riverside: Bottle taken"
    assert "Read more" in messages[english.email].body
    assert messages[spanish.email].subject == "Caso nuevo en Riverside: Bottle taken"
    assert "Leer más" in messages[spanish.email].body
    assert "Cancelar la suscripción:" in messages[spanish.email].body
    assert '<html lang="es">' in _html(messages[spanish.email])
    assert "Recibe este correo porque se suscribió a las alertas del City Police Department." in _html(
        messages[spanish.email]
    )


def test_a_notification_is_written_in_every_language_whatever_the_publisher_reads(
    django_capture_on_commit_callbacks,
):
    case = CaseFactory(number="2026-000042", title="Bottle taken")
    with translation.override("es"):
        notification = services.notify_case_solved(case, "An arrest was made.")
    assert notification.subject == "Solved: Bottle taken"
    assert notification.headline == "Case 2026-000042 is solved"
    assert notification.texts("es") == {
        "subject": "Resuelto: Bottle taken",
        "headline": "El caso 2026-000042 está resuelto",
    }
    assert notification.texts("en") == {"subject": "Solved: Bottle taken", "headline": "Case 2026-000042 is solved"}


def test_spanish_copies_are_made_from_the_prepared_template_too():
    # Spanish text goes out as 8-bit UTF-8, so the one-serialisation-per-chunk path still applies.
    notification = make_notification(translations={"es": {"subject": "Consejo: cierre su vehículo"}})
    sender = EmailSender(notification, None)
    assert sender.version("es").template is not None
    subscriber = SubscriptionFactory(language="es")
    parsed = _parsed(sender.build(subscriber))
    assert parsed["Subject"] == "Consejo: cierre su vehículo"
    assert "Elegir lo que recibe" in parsed.get_body(("plain",)).get_content()
    # The same words as the copy built in full, the subscriber's own links included.
    full = _parsed(sender.compose(sender.version("es"), subscriber.email, sender.links(subscriber)))
    for kind in ("plain", "html"):
        assert parsed.get_body((kind,)).get_content() == full.get_body((kind,)).get_content()
