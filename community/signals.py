"""What happens to a community post, for the apps above community to act on. Sent inside the
transaction that makes the change, so whatever a receiver writes commits or rolls back with it."""

from django.dispatch import Signal

# sender=Post; post: the post, published for the first time (it may be scheduled for later).
post_published = Signal()
