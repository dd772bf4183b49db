"""One Jinja2 environment for every package; fragments are named blocks (jinja2-fragments)."""

from __future__ import annotations

import json
from typing import Any

from jinja2_fragments.starlette import Jinja2Blocks
from starlette.requests import Request
from starlette.responses import Response

from core import elder, formatting, i18n, settings
from core.accounts.privacy import POLICY_CHANGES, POLICY_VERSION, policy_changed_for
from core.csrf import masked_token
from core.flash import pop_flashes
from core.htmx import is_htmx
from core.models import Role
from core.pagecache.middleware import is_shared
from core.qr import qr_svg, site_url
from core.static import static_url


def page_context(request: Request) -> dict[str, Any]:
    """What every page needs: who is signed in, the CSRF token, flashes, the language."""
    user = getattr(request.state, "user", None)
    # A page kept for every anonymous visitor carries nobody's token (core.pagecache).
    has_session = "session" in request.scope and not is_shared(request.scope)
    return {
        "user": user,
        "Role": Role,
        # Masked afresh for each page: safe to compress (see core.csrf).
        "csrf_token": masked_token(request.session) if has_session else "",
        "flashes": pop_flashes(request) if has_session else [],
        "locale": i18n.current_locale.get(),
        "elder": elder.wanted(request),
        # Whoever agreed to an older privacy policy is told what changed until they agree.
        "policy_update": (
            {"version": POLICY_VERSION, "changes": i18n.gettext(POLICY_CHANGES)}
            if has_session and policy_changed_for(user)
            else None
        ),
    }


templates = Jinja2Blocks(
    directory=str(settings.ROOT / "templates"), context_processors=[page_context]
)
env = templates.env
env.add_extension("jinja2.ext.i18n")
env.install_gettext_callables(  # type: ignore[attr-defined]
    i18n.gettext, i18n.ngettext, newstyle=True
)
env.filters.update(
    yuan=formatting.yuan,
    wan_yuan=formatting.wan_yuan,
    date_cn=formatting.date_cn,
    datetime_cn=formatting.datetime_cn,
    number=formatting.number,
    percent=formatting.percent,
    json_cn=lambda value: json.dumps(value, ensure_ascii=False),
)
env.globals.update(LOCALES=i18n.LOCALES, HTMX_JS="vendor/htmx-2.0.11.min.js", static_url=static_url)
env.globals.update(qr_svg=qr_svg, site_url=site_url)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    block: str | None = None,
) -> Response:
    """Render a page, or only `block` of it when htmx asks for a fragment."""
    ctx = dict(context or {})
    if block and is_htmx(request):
        response = templates.TemplateResponse(
            request, name, ctx, status_code=status_code, block_name=block
        )
    else:
        response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if block:
        response.headers["Vary"] = "HX-Request"
    return response
