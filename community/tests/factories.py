from datetime import timedelta

import factory
from django.utils import timezone

from community.models import Post


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    kind = Post.Kind.TIP
    title = factory.Sequence(lambda n: f"Meth labs: signs to look for {n}")
    slug = factory.Sequence(lambda n: f"meth-labs-{n}")
    body = "Chemical smells, covered windows, lots of traffic at night.\n\nCall us; do not go in."
    is_published = True
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class ActiveAlertFactory(PostFactory):
    kind = Post.Kind.ALERT
    severity = Post.Severity.URGENT
    title = factory.Sequence(lambda n: f"Gas leak on Main Street {n}")
    slug = factory.Sequence(lambda n: f"gas-leak-{n}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2))
