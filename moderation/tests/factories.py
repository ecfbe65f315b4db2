import factory

from accounts.tests.factories import UserFactory
from cases.tests.factories import CaseFactory
from moderation.models import Comment


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    case = factory.SubFactory(CaseFactory)
    author = factory.SubFactory(UserFactory)
    body = "I think I saw that truck behind the laundromat."
    status = Comment.Status.PUBLISHED


class HeldCommentFactory(CommentFactory):
    body = "This is fucking ridiculous."
    status = Comment.Status.HELD
    reasons = ["profanity"]
    spans = [[8, 16, "profanity"]]
