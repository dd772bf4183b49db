"""Serving attachment files: only those of proposals the visitor may see."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from core.permissions import signed_in
from core.uploads import file_response
from projects import permissions
from projects.models import Attachment


async def attachment_file(request: Request) -> Response:
    return await _serve(request, thumb=False)


async def attachment_thumb(request: Request) -> Response:
    return await _serve(request, thumb=True)


async def _serve(request: Request, *, thumb: bool) -> Response:
    attachment = await Attachment.get_or_none(
        id=request.path_params["attachment_id"]
    ).select_related("proposal", "proposal__area")
    if attachment is None:
        raise HTTPException(404)
    proposal = attachment.proposal
    if not permissions.may_see(signed_in(request), proposal, proposal.area.path):
        raise HTTPException(404)
    thumb = thumb and bool(attachment.thumb_name)
    return await file_response(
        attachment.thumb_name if thumb else attachment.stored_name,
        media_type="image/jpeg" if thumb else attachment.content_type,
        filename=attachment.original_name,
        inline=attachment.kind == "photo",
        cache="private, max-age=3600",
    )
