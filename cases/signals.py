"""What happens to a case, for the apps above cases to act on (notifications tells the
subscribers). Each is sent inside the transaction that makes the change, so whatever a receiver
writes commits or rolls back with it."""

from django.dispatch import Signal

# sender=Case; case: the case, now public (or scheduled to be).
case_published = Signal()
# sender=Case; case: the case, now solved; note: the public note that says so; actor: who solved it.
case_solved = Signal()
# sender=CaseUpdate; update: the new entry on the case's public timeline.
case_updated = Signal()
