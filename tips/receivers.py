"""What happens to tips when their case changes. The receiver runs inside the transaction that
solves the case, so the tips close with the solve or not at all (cases never imports tips)."""

from django.dispatch import receiver

from cases.models import Case
from cases.signals import case_solved

from . import services


@receiver(case_solved, sender=Case, dispatch_uid="tips.case_solved")
def close_tips_of_solved_case(sender: type[Case], *, case: Case, actor, **kwargs: object) -> None:
    services.close_tips_of_solved_case(case, actor=actor)
