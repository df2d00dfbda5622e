"""The center behind a load balancer: clients and schemes come from the balancer's headers.

Every request then reaches the center from the balancer's address. The
per-client budgets (the citizen's code lookups, the officers' sign-ins) must
count the citizen behind it, not the balancer, and only a trusted proxy may
name that citizen: anyone else's X-Forwarded-For is a forged address.
"""

from __future__ import annotations

import httpx
import pytest

from center.server import EmbeddedCenter, trusted_proxies
from center.web.public import CODE_LOOKUPS_PER_10_MINUTES

WRONG_CODE = {"code": "000.00.00.H00-261204-9999", "id_last4": "0000"}


def lookups_from(client: httpx.Client, address: str, times: int) -> list[int]:
    headers = {"X-Forwarded-For": address}
    return [
        client.post("/tra-cuu", data=WRONG_CODE, headers=headers).status_code for _ in range(times)
    ]


def test_behind_a_trusted_proxy_each_citizen_has_its_own_lookup_budget() -> None:
    with EmbeddedCenter() as center, httpx.Client(base_url=center.url, trust_env=False) as client:
        first = lookups_from(client, "203.0.113.7", CODE_LOOKUPS_PER_10_MINUTES + 1)
        other = lookups_from(client, "203.0.113.8", 1)
    assert first[:-1] == [404] * CODE_LOOKUPS_PER_10_MINUTES
    assert first[-1] == 429
    assert other == [404], "a second citizen behind the same balancer was refused"


def test_an_untrusted_client_cannot_pick_its_own_address() -> None:
    with (
        EmbeddedCenter(proxies=["192.0.2.1"]) as center,
        httpx.Client(base_url=center.url, trust_env=False) as client,
    ):
        statuses = [
            lookups_from(client, f"203.0.113.{n}", 1)[0]
            for n in range(CODE_LOOKUPS_PER_10_MINUTES + 1)
        ]
    assert statuses[-1] == 429, "a forged X-Forwarded-For escaped the rate limit"


def test_cookies_are_secure_when_the_balancer_terminated_https() -> None:
    with EmbeddedCenter() as center, httpx.Client(base_url=center.url, trust_env=False) as client:
        behind_tls = client.get("/login", headers={"X-Forwarded-Proto": "https"})
        plain = client.get("/login")
    assert "secure" in behind_tls.headers["set-cookie"].lower()
    assert "secure" not in plain.headers["set-cookie"].lower()


def test_a_misspelt_proxy_address_is_refused() -> None:
    with pytest.raises(ValueError, match="not an IP address"):
        trusted_proxies(["10.0.0.300"])
    assert trusted_proxies(["10.0.0.0/24", "::1"]) == ("10.0.0.0/24", "::1")
