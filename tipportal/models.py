from django.db import models


class RateCounter(models.Model):
    """A rate-limit counter kept in the database (see tipportal.ratelimit): the limits that guard
    a secret always count here, the others only while the cache is unreachable."""

    # `ratelimit:<scope>:<digest>`: a keyed hash of what is counted, never the value itself.
    counter = models.CharField(max_length=120, primary_key=True)
    events = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.counter
