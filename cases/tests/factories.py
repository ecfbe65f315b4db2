from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from cases.models import Area, Case, CaseUpdate, Category, Still

from .images import jpeg_bytes


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Neighbourhood {n}")
    slug = factory.Sequence(lambda n: f"neighbourhood-{n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = "Larceny"
    slug = "larceny"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    number = factory.Sequence(lambda n: f"2026-{n + 1:06d}")
    title = factory.Sequence(lambda n: f"Bottle taken from corner shop {n}")
    slug = factory.LazyAttribute(lambda case: f"{case.number}-bottle-taken")
    summary = "A man took a bottle of whiskey from the shelf and walked out without paying."
    category = factory.SubFactory(CategoryFactory)
    area = factory.SubFactory(AreaFactory)
    incident_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    is_published = True
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class StillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Still

    case = factory.SubFactory(CaseFactory)
    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes((640, 480)), name="still.jpg"))
    alt_text = "A man in a grey hooded top at the shelf"
    caption = "At the shelf"
    position = factory.Sequence(lambda n: n)


class CaseUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseUpdate

    case = factory.SubFactory(CaseFactory)
    body = "Thank you for your tips so far."
