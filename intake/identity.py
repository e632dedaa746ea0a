"""People at the door: OIDC bearer tokens (JWT) checked against the identity provider's keys.

An officer, council member or employee signs in at the agency's identity provider and sends its
access token (`Authorization: Bearer ...`). The token's signature is checked with the
provider's published keys (JWKS), and its issuer, audience and expiry; one claim names the
person in the register. Configuration (README "Identity provider"):

- `PERSONALSAK_OIDC_ISSUER`: the `iss` every token must carry (required to enable people)
- `PERSONALSAK_OIDC_AUDIENCE`: the `aud` the token must be for (this API)
- `PERSONALSAK_OIDC_JWKS`: the provider's JWKS, a URL (https://...) or a file path
- `PERSONALSAK_OIDC_PERSON_CLAIM`: the claim holding the register person id (default `sub`)
- `PERSONALSAK_OIDC_ALGORITHMS`: allowed signature algorithms (default RS256,PS256,ES256,EdDSA;
  never `none`, never a shared-secret HS* that would let a public key sign)
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

DEFAULT_ALGORITHMS = ("RS256", "PS256", "ES256", "EdDSA")
REFETCH_SECONDS = 60.0  # an unknown key id re-fetches the JWKS at most this often
LEEWAY_SECONDS = 30  # clock skew between the provider and us


class Unauthenticated(Exception):
    """No valid identity: the API answers 401 and names what was wrong (never the token)."""


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    audience: str
    jwks: str  # URL or file path
    person_claim: str = "sub"
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS

    @classmethod
    def from_env(cls) -> OidcConfig | None:
        issuer = os.environ.get("PERSONALSAK_OIDC_ISSUER")
        if not issuer:
            return None
        algorithms = os.environ.get("PERSONALSAK_OIDC_ALGORITHMS")
        allowed = tuple(a.strip() for a in algorithms.split(",")) if algorithms else None
        bad = [a for a in allowed or () if a.lower() == "none" or a.upper().startswith("HS")]
        if bad:
            raise ValueError(f"PERSONALSAK_OIDC_ALGORITHMS: {bad} not allowed (public keys only)")
        audience = os.environ.get("PERSONALSAK_OIDC_AUDIENCE", "")
        jwks = os.environ.get("PERSONALSAK_OIDC_JWKS", "")
        if not audience or not jwks:
            raise ValueError("PERSONALSAK_OIDC_AUDIENCE and PERSONALSAK_OIDC_JWKS must be set")
        return cls(
            issuer=issuer,
            audience=audience,
            jwks=jwks,
            person_claim=os.environ.get("PERSONALSAK_OIDC_PERSON_CLAIM", "sub"),
            algorithms=allowed or DEFAULT_ALGORITHMS,
        )


def read_jwks(source: str) -> dict[str, Any]:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=5) as response:
            return json.loads(response.read(1024 * 1024))  # type: ignore[no-any-return]
    return json.loads(Path(source).read_text())  # type: ignore[no-any-return]


class Verifier:
    """Checks bearer tokens; the JWKS is fetched once, and again (bounded) for an unknown key
    id, so the provider can rotate its keys without a restart."""

    def __init__(
        self, config: OidcConfig, fetch: Callable[[str], dict[str, Any]] = read_jwks
    ) -> None:
        self.config = config
        self._fetch = fetch
        self._keys: KeySet | None = None
        self._fetched_at = 0.0
        self._lock = threading.Lock()
        self.refetch_seconds = REFETCH_SECONDS

    def _key_set(self, kid: str | None) -> KeySet:
        with self._lock:
            known = self._keys is not None and (
                kid is None or any(k.kid == kid for k in self._keys.keys)
            )
            stale = time.monotonic() - self._fetched_at >= self.refetch_seconds
            if self._keys is None or (not known and stale):
                try:
                    self._keys = KeySet.import_key_set(self._fetch(self.config.jwks))  # type: ignore[arg-type]
                except (OSError, ValueError, JoseError) as exc:
                    if self._keys is None:
                        raise Unauthenticated(
                            f"identity provider keys unavailable: {exc}"
                        ) from None
                self._fetched_at = time.monotonic()
            assert self._keys is not None
            return self._keys

    def person(self, token: str) -> str:
        """The register person id the token names, or Unauthenticated."""
        try:
            header = jws.extract_compact(token.encode()).protected
        except (JoseError, ValueError):
            raise Unauthenticated("bearer token: not a JWT") from None
        alg = header.get("alg")
        if alg not in self.config.algorithms:
            raise Unauthenticated(f"bearer token: algorithm {alg!r} not allowed")
        keys = self._key_set(header.get("kid"))
        try:
            decoded = jwt.decode(token, keys, algorithms=list(self.config.algorithms))
            jwt.JWTClaimsRegistry(
                leeway=LEEWAY_SECONDS,
                iss={"essential": True, "value": self.config.issuer},
                aud={"essential": True, "value": self.config.audience},
                exp={"essential": True},
            ).validate(decoded.claims)
        except JoseError as exc:
            raise Unauthenticated(f"bearer token: {exc.description or exc.error}") from None
        except ValueError as exc:
            raise Unauthenticated(f"bearer token: {exc}") from None
        person = decoded.claims.get(self.config.person_claim)
        if not isinstance(person, str) or not person:
            raise Unauthenticated(f"bearer token: no {self.config.person_claim} claim")
        return person
