import ipaddress

import pytest
from django.urls import reverse
from django_redis import get_redis_connection

from tipportal import ratelimit

from .factories import TIP_TEXT

pytestmark = pytest.mark.django_db

TIPSTER = "10.1.2.3"


@pytest.mark.redis
def test_the_stored_throttle_key_cannot_single_out_the_tipsters_address(client, settings):
    settings.SECRET_KEY = "a fixed key, as an attacker who stole it would hold"
    client.post(reverse("tips:send"), {"body": TIP_TEXT}, REMOTE_ADDR=TIPSTER)
    store = get_redis_connection("default")
    keys = [key.decode() for key in store.scan_iter("*ratelimit:tip.submit:*")]
    assert len(keys) == 1

    # The attacker holds SECRET_KEY and Redis, and hashes candidate addresses the way the site does.
    network = ipaddress.ip_network("10.0.0.0/14")  # 262,144 addresses around the tipster's
    matching = [
        str(address)
        for address in network
        if keys[0].endswith(ratelimit.key("tip.submit", str(address), bits=ratelimit.LOSSY_BITS))
    ]
    assert TIPSTER in matching
    # Every bucket stands for tens of thousands of IPv4 addresses; here several share it.
    assert len(matching) >= 2


def test_the_throttle_still_stops_one_client(client, settings):
    settings.TIP_SUBMISSIONS_PER_HOUR = 1
    assert client.post(reverse("tips:send"), {"body": TIP_TEXT}, REMOTE_ADDR=TIPSTER).status_code == 200
    assert client.post(reverse("tips:send"), {"body": TIP_TEXT}, REMOTE_ADDR=TIPSTER).status_code == 429
