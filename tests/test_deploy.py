"""deploy/ stays runnable: the compose file and Kubernetes manifests validate, point at real
entry points, register every search attribute, and carry no secrets."""

from __future__ import annotations

import importlib
import ipaddress
import os
import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import ROOT
from workflows import search

DEPLOY = ROOT / "deploy"


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_validates() -> None:
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        env = {
            **os.environ,
            "POSTGRES_PASSWORD": "x",
            "PERSONALSAK_CODEC_KEYS": "k=eA==",
            "PERSONALSAK_SIGNING_KEYS": "s=eA==",
            "PERSONALSAK_OIDC_ISSUER": "https://idp.example",
            "PERSONALSAK_OIDC_AUDIENCE": "personalsak",
            "PERSONALSAK_OIDC_JWKS": "https://idp.example/jwks",
        }
        done = subprocess.run(
            ["docker", "compose", "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    services = compose()["services"]
    assert {"postgres", "temporal", "temporal-ui", "worker", "api"} <= set(services)
    assert services["worker"]["deploy"]["replicas"] >= 2
    ui_codec = services["temporal-ui"]["environment"]["TEMPORAL_CODEC_ENDPOINT"]
    assert ui_codec == "http://localhost:8000/codec"  # the UI wired to the codec endpoint ...
    # ... with each officer's own token, never a shared secret in the UI's configuration
    assert services["temporal-ui"]["environment"]["TEMPORAL_CODEC_PASS_ACCESS_TOKEN"] == "true"
    for svc in services.values():
        for dep in svc.get("depends_on", []):
            assert dep in services


def test_compose_registers_every_search_attribute() -> None:
    command = " ".join(compose()["services"]["temporal-setup"]["command"])
    registered = set(re.findall(r"(\w+)=(?:Keyword|Datetime)", command))
    assert registered == {key.name for key in search.ALL}


def test_no_secret_in_deploy_files() -> None:
    for path in DEPLOY.rglob("*.yaml"):
        text = path.read_text()
        for line in text.splitlines():
            if re.search(r"(PASSWORD|CODEC_KEYS|SIGNING_KEYS|api[_-]?key)\s*[:=]", line, re.I):
                assert "${" in line or "secretKeyRef" in line or line.strip().endswith(":"), (
                    path,
                    line,
                )


def test_kubernetes_manifests() -> None:
    docs = [d for p in sorted((DEPLOY / "k8s").glob("*.yaml"))
            for d in yaml.safe_load_all(p.read_text()) if d]  # fmt: skip
    kinds = {(d["kind"], d["metadata"]["name"]) for d in docs}
    assert ("Deployment", "personalsak-worker") in kinds and (
        "Deployment",
        "personalsak-api",
    ) in kinds
    for d in docs:
        assert d["apiVersion"] and d["metadata"]["name"]
        if d["kind"] == "Deployment":
            labels = d["spec"]["template"]["metadata"]["labels"]
            assert d["spec"]["selector"]["matchLabels"].items() <= labels.items()
            for c in d["spec"]["template"]["spec"]["containers"]:
                assert c["resources"]["limits"]
        if d["kind"] == "HorizontalPodAutoscaler":
            assert (d["spec"]["scaleTargetRef"]["name"], "Deployment") in {(n, k) for k, n in kinds}


@pytest.mark.parametrize("module", ["worker", "intake.asgi"])
def test_entry_points_import(module: str) -> None:
    """The commands the images run exist (`python -m worker`, `uvicorn intake.asgi:app`)."""
    assert importlib.import_module(module)


def test_dockerfile_copies_what_exists() -> None:
    for line in (DEPLOY / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            for src in line.split()[1:-1]:
                assert (ROOT / src).exists(), src


def test_the_api_trusts_the_ingress_for_the_scheme() -> None:
    """Issue 15 review L2: behind the TLS-terminating ingress uvicorn takes X-Forwarded-Proto
    (`--proxy-headers --forwarded-allow-ips`), so the app sees https; the people's session
    cookies are Secure regardless (intake/web.py `_cookie`)."""
    docs = list(yaml.safe_load_all((DEPLOY / "k8s" / "api.yaml").read_text()))
    [api] = [d for d in docs if d and d["kind"] == "Deployment"]
    command = api["spec"]["template"]["spec"]["containers"][0]["command"]
    assert "--proxy-headers" in command and "--forwarded-allow-ips" in command
    # Issue 15 re-review L3: the ingress controller's pod CIDR, never every address.
    trusted = command[command.index("--forwarded-allow-ips") + 1]
    assert "*" not in trusted and trusted.strip(), trusted
    for network in trusted.split(","):
        ipaddress.ip_network(network.strip())  # an address or a CIDR, nothing else
