"""Pages of reach: the inbox, the preferences, unsubscribe, deliveries for admins, and a
background job's progress for the staff member who asked for it."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core import settings
from core.flash import flash
from core.forms import read_form
from core.i18n import N_
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, login_required, requires
from core.refusals import Refused
from core.templating import render
from notify import jobs, queries, services
from notify.kinds import ALWAYS_ON_SITE, LABELS, Channel, Kind
from notify.models import DeliveryState, Job, JobState
from notify.tokens import read_unsubscribe_token

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$", re.ASCII)
CHANNEL_LABELS = {
    Channel.SITE: N_("站内信"),
    Channel.SMS: N_("短信"),
    Channel.EMAIL: N_("电子邮件"),
    Channel.WECHAT: N_("微信"),
}
# What an admin reads for a delivery's state (the codes stay in the database and the URL).
STATE_LABELS = {
    DeliveryState.PENDING: N_("待发送"),
    DeliveryState.SENDING: N_("发送中"),
    DeliveryState.SENT: N_("已交服务商"),
    DeliveryState.FAILED: N_("失败"),
    DeliveryState.SKIPPED: N_("未发送"),
}


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@login_required
async def message_list(request: Request) -> Response:
    box = await queries.inbox(current_user(request).id)
    return render(request, "notify/messages.html", {"inbox": box, "labels": LABELS})


@login_required
async def message_open(request: Request) -> Response:
    """Mark the message read and go to the page it is about (a POST: it writes)."""
    message_id = int(request.path_params["message_id"])
    message = await services.message_open(current_user(request).id, message_id)
    if message is None:
        raise HTTPException(404)
    # Only a path on this site: never "//elsewhere" or "https://…", whatever a link says.
    local = message.link.startswith("/") and not message.link.startswith(("//", "/\\"))
    return _see_other(message.link if local else "/messages")


@login_required
async def messages_read_all(request: Request) -> Response:
    count = await services.messages_read_all(current_user(request).id)
    flash(request, _("已将 {n} 条消息标为已读。").format(n=count))
    return _see_other("/messages")


def _preferences_context(
    choices: dict[tuple[Kind, Channel], bool], email: str, errors: dict[str, str]
) -> dict[str, object]:
    return {
        "kinds": list(Kind),
        "channels": list(services.CHOOSABLE),
        "labels": LABELS,
        "channel_labels": CHANNEL_LABELS,
        "fixed": {(kind, Channel.SITE) for kind in ALWAYS_ON_SITE},
        "choices": choices,
        "email": email,
        "errors": errors,
        "quiet_start": settings.SMS_QUIET_START,
        "quiet_end": settings.SMS_QUIET_END,
    }


@login_required
async def preferences(request: Request) -> Response:
    user = current_user(request)
    if request.method != "POST":  # GET and HEAD only read
        context = _preferences_context(
            await queries.choices(user.id), await queries.email_of(user.id), {}
        )
        return render(request, "notify/preferences.html", context)
    form, data = await read_form(request)
    ticked = {
        (kind, channel)
        for kind in Kind
        for channel in services.CHOOSABLE
        if data.get(f"{kind.value}.{channel.value}") == "on"
    }
    email = form.values.get("email", "")
    if email and (len(email) > 254 or not EMAIL_RE.fullmatch(email)):
        form.add_error("email", _("请输入正确的电子邮箱地址，例如 name@example.com"))
    if not form.ok:
        choices = {
            (kind, channel): (kind, channel) in ticked for kind in Kind for channel in Channel
        }
        context = _preferences_context(choices, email, form.errors)
        return render(request, "notify/preferences.html", context, status_code=400)
    await services.preferences_save(user.id, ticked, email or None)
    flash(request, _("通知设置已保存。"))
    return _see_other("/me/notifications")


async def unsubscribe(request: Request) -> Response:
    """GET: a page asking to confirm; POST (the page's button, or the mail client's
    one-click ``List-Unsubscribe-Post``): that kind's e-mail is turned off."""
    found = read_unsubscribe_token(request.path_params["token"])
    if found is None:
        return render(request, "notify/unsubscribe.html", {"kind": None}, status_code=404)
    user_id, kind = found
    done = request.method == "POST"
    if done:
        await services.email_unsubscribe(user_id, kind)
    context = {"kind": kind, "label": _(LABELS[kind]), "done": done}
    return render(request, "notify/unsubscribe.html", context)


@requires(Role.ADMIN)
async def delivery_list(request: Request) -> Response:
    params = dict(request.query_params)
    filters = queries.delivery_filters(params)
    context = {
        "deliveries": await queries.deliveries(filters),
        "counts": await queries.delivery_counts(filters),
        "params": params,
        "states": list(DeliveryState),
        "channels": [Channel.SMS, Channel.EMAIL],
        "kinds": list(Kind),
        "labels": LABELS,
        "channel_labels": CHANNEL_LABELS,
        "state_labels": STATE_LABELS,
        "shown": queries.DELIVERIES_SHOWN,
    }
    return render(request, "notify/deliveries.html", context, block="results")


@requires(Role.ADMIN)
async def delivery_resend(request: Request) -> Response:
    form, _data = await read_form(request)
    delivery_id = int(request.path_params["delivery_id"])
    try:
        await services.delivery_resend(current_user(request), delivery_id)
    except Refused as refused:
        flash(request, refused.message, "error")
    else:
        flash(request, _("已重新排队发送，工作进程会尽快投递。"))
    back = {k: form.values[k] for k in ("state", "channel", "kind") if form.values.get(k)}
    return _see_other(f"/admin/deliveries?{urlencode(back)}")


JOB_STATE_LABELS = {
    JobState.QUEUED: N_("排队中"),
    JobState.RUNNING: N_("进行中"),
    JobState.DONE: N_("已完成"),
    JobState.FAILED: N_("未完成"),
}


@requires(Role.OFFICIAL, Role.FINANCE)
async def job_page(request: Request) -> Response:
    """A background job's progress, for the person who asked (and admins); while it runs,
    the page refreshes its status block every two seconds (htmx) or by the button."""
    job = await Job.get_or_none(id=request.path_params["job_id"])
    user = current_user(request)
    if job is None or not (job.requested_by_id == user.id or user.has(Role.ADMIN)):
        raise HTTPException(404)
    context = {"job": job, "live": job.state in jobs.LIVE, "state_labels": JOB_STATE_LABELS}
    return render(request, "notify/job.html", context, block="status")
