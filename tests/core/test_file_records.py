"""One record of a stored file (`core.uploads.FileRecord`) for every table that keeps uploads."""

from __future__ import annotations

import io

from PIL import Image
from project_factories import make_process, make_proposal
from starlette.datastructures import UploadFile
from support import make_user
from tortoise import Tortoise

from core.models import Area, Role
from core.uploads import FileRecord, StoredFile, file_record, store_upload
from projects.models import Attachment, PendingAttachment

VILLAGE = "370104013201"
# Tables with a file column that do not share the record, and why: an objection holds one
# optional file without thumbnail or size (its columns are named and defaulted apart); a
# consultation's draft documents are no photos (no thumbnail, no content type) and carry
# their sha256. Sharing the record would change their schema.
APART = {"Objection", "TopicDocument"}


async def _photo() -> StoredFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 60)).save(buffer, "PNG")
    upload = UploadFile(io.BytesIO(buffer.getvalue()), filename="村口.png")
    return await store_upload(upload, allow=frozenset({"photo"}), uploader=None)


async def test_every_table_of_stored_files_shares_the_record(clean_db: str) -> None:
    with_files = {
        name: model
        for name, model in Tortoise.apps["yishi"].items()
        if "stored_name" in model._meta.fields_map
    }
    shared = {name for name, model in with_files.items() if issubclass(model, FileRecord)}
    assert shared == {"Attachment", "PendingAttachment", "LetterFile", "MilestoneFile"}
    assert set(with_files) - shared == APART


async def test_a_held_photo_reads_back_as_the_file_that_was_stored(
    areas: dict[str, Area],
) -> None:
    person = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    stored = await _photo()
    await file_record(PendingAttachment, stored, user_id=person.id).save()
    row = await PendingAttachment.get(user_id=person.id)
    assert row.stored() == stored
    assert stored.kind == "photo" and stored.thumb_name and stored.size > 0


async def test_attachments_made_in_bulk_belong_to_their_proposal(areas: dict[str, Area]) -> None:
    author = await make_user("13900000001", Role.RESIDENT, home=areas[VILLAGE])
    process = await make_process(areas["370104013000"])
    proposal = await make_proposal(process, areas[VILLAGE], author)
    files = [await _photo(), await _photo()]
    await Attachment.bulk_create([file_record(Attachment, f, proposal=proposal) for f in files])
    rows = await Attachment.filter(proposal_id=proposal.id).order_by("id")
    assert [r.stored() for r in rows] == files
