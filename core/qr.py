"""QR codes for paper (公示 notices, posters): inline SVG, so a printer gets sharp edges and
the page needs no image route. The address is the public site's (settings.SITE_URL), not the
host a request came in on: paper outlives the request."""

from __future__ import annotations

import io

import segno
from markupsafe import Markup

from core import settings


def site_url(path: str = "") -> str:
    """The public address of `path` ("/processes/3" → "https://yishi.example/processes/3")."""
    return f"{settings.SITE_URL}{path}"


def qr_svg(path: str, title: str, *, scale: int = 4) -> Markup:
    """An inline <svg> QR code for the site's `path`, named by `title` for screen readers.
    Medium error correction: a notice board's code survives some rain and a staple. The
    quiet zone is the standard's four modules, and the drawing has a viewBox and no size
    of its own, so the page's CSS scales it (a fixed size was clipped by a smaller box)."""
    code = segno.make(site_url(path), error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        scale=scale,
        title=title,
        svgclass="qr",
        lineclass=None,
        border=4,
        omitsize=True,
    )
    svg = buffer.getvalue().decode("utf-8")
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))
