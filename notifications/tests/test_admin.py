import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEntry
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


def _stalled_notification() -> Notification:
    notification = make_notification(status=Notification.Status.SENDING)
    Delivery.objects.create(notification=notification, recipient=SubscriptionFactory())
    return notification


def _restart(client, notification: Notification):
    return client.post(LIST, {"action": "restart", "_selected_action": [notification.pk]})


def test_restarting_a_fanout_is_audited_and_sends_the_pending(client, analyst):
    from django.contrib.auth.models import Permission

    analyst.user_permissions.add(Permission.objects.get(codename="restart_notification"))
    notification = _stalled_notification()
    client.force_login(analyst)
    assert 'value="restart"' in client.get(LIST).text
    response = _restart(client, notification)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="notifications.notification.restarted").count() == 1


@pytest.mark.parametrize("member", ["analyst", "officer"])
def test_restarting_needs_its_own_permission_that_no_group_holds(client, request, member):
    user = request.getfixturevalue(member)
    notification = _stalled_notification()
    client.force_login(user)
    assert 'value="restart"' not in client.get(LIST).text
    _restart(client, notification)
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="notifications.notification.restarted").exists()
    assert notification.deliveries.get().status == Delivery.Status.PENDING


def test_a_superuser_may_restart(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "correct horse battery staple")
    client.force_login(admin)
    _restart(client, _stalled_notification())
    assert len(mail.outbox) == 1
