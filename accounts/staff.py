"""Who counts as staff, for the second factor and the short sessions.

Staff are everyone with `is_staff`, every superuser and anyone holding any permission (the
Officers, Analysts and Moderators groups, or a permission granted one by one): such an account
can read tips, publish to the city or decide on comments. Citizens hold no permission at all.
"""

from django.contrib.auth.models import AbstractUser, AnonymousUser


def is_staff_account(user: AbstractUser | AnonymousUser) -> bool:
    # get_all_permissions() is cached on the user object, so templates asking `perms` reuse it.
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser or user.get_all_permissions()))
