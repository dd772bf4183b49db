"""Who may see and handle a letter.

Officials handle the letters of the areas they govern (and their descendants); the writer
sees their own. Everyone else sees a letter only when the writer allowed publishing and it
has been accepted, and then masked: an official of another village sees nothing of a
private letter. An extension is approved by an official of the parent area, never by the
one who asked for it.
"""

from __future__ import annotations

from core.models import Role
from core.principal import Principal
from letters.models import Letter, LetterStatus

PUBLIC_STATUSES = (LetterStatus.ACCEPTED, LetterStatus.REPLIED)


def handles(user: Principal | None, letter: Letter) -> bool:
    """`letter.area` must be loaded."""
    return (
        user is not None
        and user.has(Role.OFFICIAL, Role.ADMIN)
        and user.governs(str(letter.area.path))
    )


def is_writer(user: Principal | None, letter: Letter) -> bool:
    return user is not None and letter.writer_id is not None and letter.writer_id == user.id


def is_published(letter: Letter) -> bool:
    return letter.is_public and letter.status in PUBLIC_STATUSES


def parent_path(area_path: str) -> str:
    """ "/d/s/v/" → "/d/s/"; the district's own parent is the district (admins only)."""
    parts = [p for p in area_path.split("/") if p]
    return "/" + "".join(f"{p}/" for p in parts[:-1]) if len(parts) > 1 else area_path


def approves_extension(user: Principal | None, letter: Letter) -> bool:
    if user is None or not user.has(Role.OFFICIAL, Role.ADMIN):
        return False
    if letter.extension_by_id == user.id:
        return False  # the one who asked for more time does not grant it
    path = str(letter.area.path)
    parent = parent_path(path)
    if parent == path:
        return user.has_all_areas
    return user.governs(parent)


def ancestor_paths(area_path: str) -> list[str]:
    """ "/d/s/v/" → ["/d/", "/d/s/", "/d/s/v/"]: the areas whose officials govern it."""
    parts = [p for p in area_path.split("/") if p]
    return ["/" + "".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]
