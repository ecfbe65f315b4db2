import factory
from django.utils import timezone

from community.models import Post
from notifications.models import Subscription


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"resident{n}@example.net")
    confirmed_at = factory.LazyFunction(timezone.now)
    urgent_alerts = True


class AlertFactory(factory.django.DjangoModelFactory):
    """An emergency alert, not yet published: publish it through community.services.save_post."""

    class Meta:
        model = Post

    kind = Post.Kind.ALERT
    severity = Post.Severity.URGENT
    title = factory.Sequence(lambda n: f"Gas leak on Main Street {n}")
    slug = factory.Sequence(lambda n: f"gas-leak-{n}")
    body = "Stay away from the 400 block of Main Street until the fire department gives the all-clear."
    is_published = False
