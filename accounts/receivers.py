"""Signal receivers of the accounts app, connected in AccountsConfig.ready()."""

from django.contrib.auth.signals import user_logged_in

from . import sessions


def connect() -> None:
    user_logged_in.connect(sessions.start_session, dispatch_uid="accounts.start_session")
