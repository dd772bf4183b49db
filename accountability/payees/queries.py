"""Reads of payee accounts for the finance pages and the award list export."""

from __future__ import annotations

from accountability.payees.models import PayeeAccount
from core.models import Area
from votes.models import Award


async def accounts_by_area(area_ids: list[int]) -> dict[int, PayeeAccount]:
    accounts = await PayeeAccount.filter(area_id__in=area_ids)
    return {a.area_id: a for a in accounts}


async def funded_villages() -> list[Area]:
    """Every village or community with an award in any process: the ones finance pays."""
    ids = set(await Award.all().values_list("proposal__area_id", flat=True))
    return await Area.filter(id__in=list(ids)).select_related("parent").order_by("path")
