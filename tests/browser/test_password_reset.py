"""A forgotten password, on a phone (390×844) in a real Chromium: a resident registers with
the SMS code, forgets the password, and from the login page's 忘记密码 gets a code (read from
the file gateway, as it would be read on the phone), sets a new password and is signed in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from browser import fixtures_data as data
from browser import steps
from browser.journey import Journey
from browser.live_app import live_app

VILLAGE = "吴家堡街道 · 吴家堡村"  # of the demo district
NEW_PASSWORD = "remembered-now-1"


def test_a_forgotten_password_is_reset_by_sms_code_on_a_phone(
    browser: Any, artifacts_dir: Path, tmp_path: Path
) -> None:
    # The reset comes seconds after the registration's code, not the minute between two
    # codes to one number that the throttle asks for (its own tests are not in a browser).
    quick = {"YISHI_SMS_CODE_INTERVAL_SECONDS": "0"}
    with live_app(tmp_path / "app", demo=True, settings=quick) as app:
        journey = Journey(
            browser=browser,
            app=app,
            name="password-reset",
            viewport="phone",
            artifacts=artifacts_dir,
        )
        try:
            resident = journey.person("resident")
            steps.resident_registers(journey, resident, VILLAGE)
            resident.context.clear_cookies()  # a new day, the password forgotten
            _resets_the_password(journey, resident, data.RESIDENT.mobile)
            resident.context.clear_cookies()
            steps.log_in(resident, data.RESIDENT.mobile, NEW_PASSWORD)  # the new one works
            resident.goto("/me")
            steps.expect_text(resident, "main h1", data.RESIDENT.name)
            journey.check()
        finally:
            journey.close()


def _resets_the_password(journey: Journey, resident: Any, mobile: str) -> None:
    resident.goto("/login")
    journey.shot(resident, "login-page")
    resident.locator("main a", has_text="忘记密码").click()
    resident.wait_for_url(re.compile(r"/reset$"))
    resident.fill("#f-mobile", mobile)
    resident.locator("main button", has_text="获取验证码").click()
    steps.expect_text(resident, "main .flash", "如果该手机号已注册")
    journey.shot(resident, "reset-code-sent")
    resident.fill("#f-code", steps.sms_code(journey, mobile))
    resident.fill("#f-password", NEW_PASSWORD)
    resident.fill("#f-password2", NEW_PASSWORD)
    resident.locator("main button", has_text="重设密码并登录").click()
    resident.wait_for_url(re.compile(r"/me$"))
    steps.expect_text(resident, "main .flash", "密码已重设，您已登录")
    journey.shot(resident, "reset-signed-in")
