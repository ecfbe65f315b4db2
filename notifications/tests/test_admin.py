import pytest
from django.urls import reverse

from notifications.models import Delivery, Notification

from .factories import SubscriptionFactory
from .test_fanout_services import make_notification

pytestmark = pytest.mark.django_db

LIST = reverse("admin:notifications_notification_changelist")


def test_the_list_shows_recipients_sent_failed_and_pending(client, analyst, django_assert_max_num_queries):
    notification = make_notification(status=Notification.Status.SENDING)
    statuses = ["sent", "sent", "sent", "failed", "pending", "sending"]
    for status in statuses:
        Delivery.objects.create(notification=notification, recipient=SubscriptionFactory(), status=status)
    make_notification()
    client.force_login(analyst)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert response.status_code == 200
    cells = [f'<td class="field-{name}">{value}</td>' for name, value in
             (("recipients", 6), ("sent", 3), ("failed", 1), ("pending", 2))]  # fmt: skip
    for cell in cells:
        assert cell in response.text


def test_an_officer_sees_the_list_but_a_citizen_and_an_outsider_do_not(client, officer, citizen, outsider):
    client.force_login(officer)
    assert client.get(LIST).status_code == 200
    client.force_login(outsider)
    assert client.get(LIST).status_code == 403
    client.force_login(citizen)
    assert client.get(LIST).status_code == 302


def test_restarting_a_fanout_is_audited_and_sends_the_pending(client, analyst):
    from django.core import mail

    from audit.models import AuditEntry

    notification = make_notification(status=Notification.Status.SENDING)
    Delivery.objects.create(notification=notification, recipient=SubscriptionFactory())
    client.force_login(analyst)
    response = client.post(LIST, {"action": "restart", "_selected_action": [notification.pk]})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="notifications.notification.restarted").count() == 1
