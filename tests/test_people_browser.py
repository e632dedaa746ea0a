"""The people's pages in headless Chromium (issue 15), under `personalsak up`: the employee
replies to the advance notice, a council member's vote is refused with its rule and then cast,
the nearest superior seated for the case votes from "Mine oppgaver" (a per-case seat, § 11
nr. 3-4), the leader enters the council's decision, the employee reads the decision letter; a
person without a part in the case neither sees it nor can act on it, even with a valid form."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from intake import signing
from intake.web import Web, derive
from tests import test_browser
from tests.conftest import EXAMPLES
from tests.test_browser import browser, shot, ui_system  # noqa: F401 (fixtures)
from tests.test_end_to_end import System

pytestmark = pytest.mark.e2e
CASE = "D-2027-0001"
PAGE = f"/saker/discipline/{CASE}"


def signin_link(system: System) -> str:
    """The one-time link to the people's pages that `up` printed on its terminal."""
    found = re.search(r"(http://\S+/logginn\?kode=\S+)", system.log.read_text())
    assert found, system.log.read_text()
    return found.group(1)


async def sign_in(page: Any, person: str) -> None:
    await page.goto(page.url.split("/logginn")[0].split("/oppgaver")[0].split("/saker")[0]
                    + "/logginn")  # fmt: skip
    if await page.locator("text=Logg ut").count():
        await page.click("text=Logg ut")
    await page.fill("#person_id", person)
    await page.click("button:has-text('Logg inn')")
    await page.wait_for_selector(f"header >> text=({person})")


async def act(page: Any, base: str, trigger: str, values: dict[str, str]) -> None:
    await page.goto(f"{base}{PAGE}/handling/{trigger}")
    for name, value in values.items():
        field = page.locator(f"[name='{name}']")
        kind = await field.evaluate("e => e.tagName + ':' + (e.type || '')")
        if kind.startswith("SELECT"):
            await field.select_option(value)
        elif kind == "INPUT:checkbox":
            await field.set_checked(value == "on")
        else:
            await field.fill(value)
    await page.click("button:has-text('Send')")


async def test_people_work_queue(ui_system: System, browser: Any) -> None:  # noqa: F811
    ui_system.run("org", "load", str(EXAMPLES / "org.yaml"))
    for example in ("discipline-opened.json", "discipline-notice.json"):
        code, out = ui_system.run("event", "send", str(EXAMPLES / example))
        assert code == 0, out
    link = signin_link(ui_system)
    base = link.split("/logginn")[0]
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    await page.goto(link)  # this browser may now sign in as a register person

    # fvl § 16: the employee's reply to the advance notice waits for her.
    await sign_in(page, "emp-2")
    await page.wait_for_selector(f"#tasks a[href='{PAGE}/handling/record_reply']")
    await act(page, base, "record_reply", {"statement": "Jeg beklager hendelsen."})
    await page.wait_for_selector("#state:has-text('rådet behandler saken')")  # deliberation

    # PR-2012 § 11 nr. 3 (disc6): the leader seats the employee's nearest superior first.
    await sign_in(page, "leader-oslo")
    await act(page, base, "main_seat_superior", {"person_id": "avd-oslo"})
    await page.wait_for_selector("text=Handlingen er registrert")
    # PR-2012 § 13 nr. 1-2 (mainconv): the leader convenes it with the papers, proposing written
    # procedure for a kurant matter, and every seat agrees before anyone votes.
    meeting_on = (date.today() + timedelta(days=14)).isoformat()
    writing = {"procedure": "written", "uncontroversial": "on", "meeting_on": meeting_on}
    await act(page, base, "main_convene", writing)
    await page.wait_for_selector("text=Handlingen er registrert")
    for member in ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1", "rep-2"):
        await sign_in(page, member)
        await act(page, base, "main_agree_written", {})
        await page.wait_for_selector("text=Handlingen er registrert")

    # PR-2012 § 19 nr. 2: the council votes; a vote for ordensstraff names its months.
    await sign_in(page, "rep-1")
    await page.wait_for_selector(f"#tasks a[href='{PAGE}/handling/vote']")
    await shot(page, "people-tasks.png")
    await act(page, base, "vote", {"choice": "ordensstraff", "reasons": "Alvorlig brudd."})
    await page.wait_for_selector("#refusal:has-text('PR-2012 § 19 nr. 2')")
    await page.wait_for_selector("#error-seniority_months")
    await shot(page, "people-action-form.png")
    # § 11 nr. 3-4 (issue 15 review H1): the seated superior's vote is on "Mine oppgaver" and
    # opens like any member's, before any step of theirs in the case.
    await sign_in(page, "avd-oslo")
    await page.wait_for_selector(f"#tasks a[href='{PAGE}/handling/vote']")
    members = ("avd-oslo", "rep-1", "rep-2", "adm-oslo")
    for member in members:
        await sign_in(page, member)
        await act(page, base, "vote", {"choice": "ordensstraff", "seniority_months": "3"})
        await page.wait_for_selector("text=Handlingen er registrert")
    for member in members:  # § 13 nr. 4: the protocol, signed
        await sign_in(page, member)
        await act(page, base, "main_sign_protocol", {})
        await page.wait_for_selector("text=Handlingen er registrert")
    await sign_in(page, "rep-1")  # a cast vote is no longer a task
    assert await page.locator(f"#tasks a[href='{PAGE}/handling/vote']").count() == 0

    # § 19 nr. 2: the council's leader enters the decision the council voted.
    await sign_in(page, "leader-oslo")
    await page.wait_for_selector(f"#tasks a[href='{PAGE}/handling/decide']")
    await act(page, base, "decide", {"reasons": "Rutinebrudd.", "facts": "Ulåst celledør."})
    await page.wait_for_selector("text=Handlingen er registrert")

    # fvl § 27: the employee reads the decision letter on the case page.
    await sign_in(page, "emp-2")
    await page.goto(f"{base}{PAGE}")
    for _ in range(60):  # the letter goes out with the notify step right after the decision
        if await page.locator("pre.letter").count() >= 2:
            break
        await page.wait_for_timeout(500)
        await page.reload()
    letters = await page.locator("pre.letter").all_inner_texts()
    assert any("ordensstraff" in text.lower() for text in letters[1:]), letters
    if test_browser.SHOTS:
        path = Path(test_browser.SHOTS) / "people-case.png"
        await page.screenshot(path=str(path), full_page=True)

    # No part in the case: no task, no case page, and a forced vote is refused.
    await sign_in(page, "emp-1")
    assert CASE not in await page.content()
    await page.goto(f"{base}{PAGE}")
    await page.wait_for_selector("#missing")
    forced = await page.request.post(f"{base}{PAGE}/handling/vote", form={"choice": "none"})
    assert forced.status == 403
    # A form token as valid as `up` itself mints for emp-1 (its signing keys), with his
    # session's CSRF token: refused for authority (no seat, PR-2012 § 11), not for the token.
    csrf = await page.locator("input[name=csrf]").first.get_attribute("value")
    keys = [k for _, k in signing.load_keys(ui_system.data)]
    form = Web(None, None, "", None, secrets=derive(keys, "forms"))  # type: ignore[arg-type]
    minted = form.mint("emp-1", f"discipline/{CASE}/vote")
    forced = await page.request.post(f"{base}{PAGE}/handling/vote",
                                      form={"choice": "ordensstraff", "csrf": csrf or "",
                                            **minted})  # fmt: skip
    assert forced.status == 403 and 'id="refused-authority"' in await forced.text()


@pytest.fixture(autouse=True)
def _screenshots_dir() -> None:
    if test_browser.SHOTS:
        Path(test_browser.SHOTS).mkdir(parents=True, exist_ok=True)
