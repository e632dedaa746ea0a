"""The Temporal UI as the case console, in headless Chromium: the case is listed by its search
attributes; an officer's UI (signed in to the codec endpoint with the link `up` printed) shows
the decrypted input; without the codec endpoint the same page shows only ciphertext."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.test_end_to_end import System

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = os.environ.get("PERSONALSAK_SCREENSHOTS_DIR")  # set to docs/img to refresh the README's


@pytest.fixture
def ui_system(tmp_path: Path) -> Iterator[System]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")
    s = System(tmp_path / "data")
    s.env["PERSONALSAK_UI_ORIGIN"] = f"http://localhost:{s.ports['ui']}"
    s.up()
    yield s
    if s.proc and s.proc.poll() is None:
        s.down()


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    playwright = pytest.importorskip("playwright.async_api")
    async with playwright.async_playwright() as p:
        b = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield b
        await b.close()


async def shot(page: Any, name: str) -> None:
    if SHOTS:
        await page.screenshot(path=str(Path(SHOTS) / name))


async def test_case_console(ui_system: System, browser: Any) -> None:
    ui_system.run("org", "load", str(EXAMPLES / "org.yaml"))
    code, _ = ui_system.run("event", "send", str(EXAMPLES / "leave-request.json"))
    assert code == 0
    ui = f"http://localhost:{ui_system.ports['ui']}/namespaces/default/workflows"

    # The officer opens the one-time link `up` printed in the UI's browser (the codec session
    # becomes an HttpOnly, SameSite=Strict cookie), and sets the codec endpoint it gives with
    # "Include cross-origin credentials" in this browser's UI settings (localStorage).
    officer = await browser.new_page(viewport={"width": 1400, "height": 900})
    signed = await officer.goto(ui_system.codec_signin())
    assert signed is not None
    endpoint = (await signed.json())["codec_endpoint"]
    await officer.goto(ui)
    await officer.evaluate(
        "([e]) => { localStorage.setItem('endpoint', JSON.stringify(e));"
        " localStorage.setItem('includeCredentials', 'true');"
        " localStorage.setItem('overrideRemoteCodecConfiguration', 'true'); }",
        [endpoint],
    )
    await officer.goto(f"{ui}?query=CaseType%3D%22leave%22%20AND%20OrgUnit%3D%22oslo-prison%22")
    await officer.wait_for_selector("text=leave-2027-0001", timeout=30_000)
    await shot(officer, "case-list.png")
    await officer.goto(f"{ui}/leave-2027-0001")
    await officer.wait_for_selector("text=Videreutdanning", timeout=30_000)  # decrypted input
    await shot(officer, "case-page.png")

    plain = await browser.new_page(viewport={"width": 1400, "height": 900})
    # A UI whose codec endpoint does not answer for it shows the ciphertext.
    await plain.route("**/codec/**", lambda route: route.abort())
    await plain.goto(ui)
    await plain.evaluate(
        "([e]) => { localStorage.setItem('endpoint', JSON.stringify(e));"
        " localStorage.setItem('overrideRemoteCodecConfiguration', 'true'); }",
        [f"http://localhost:{ui_system.ports['api']}/codec"],
    )
    await plain.goto(f"{ui}/leave-2027-0001")
    marker = "YmluYXJ5L2VuY3J5cHRlZA"  # base64 of "binary/encrypted": the ciphertext shown
    for _ in range(60):
        html = await plain.content()
        if marker in html:
            break
        await plain.wait_for_timeout(500)
    assert marker in html
    assert "Videreutdanning" not in html and "Kari" not in html
