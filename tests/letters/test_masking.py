"""What the public sees of a writer: 张**, and no phone or ID number in the text."""

from __future__ import annotations

from letters.masking import mask_text, masked_name


def test_names_show_the_surname_only() -> None:
    assert masked_name("张桂兰") == "张**"
    assert masked_name("李四") == "李**"
    assert masked_name("") == "**"


def test_mobiles_are_masked_however_written() -> None:
    assert mask_text("电话13912345678联系") == "电话139****5678联系"
    assert mask_text("打 139 1234 5678 或 139-1234-5678") == "打 139****5678 或 139****5678"
    assert mask_text("+8613912345678") == "+86139****5678"


def test_id_numbers_are_masked() -> None:
    assert mask_text("身份证370104198001011234") == "身份证370*************34"
    assert mask_text("尾号X：37010419800101123X。") == "尾号X：370*************3X。"
    assert mask_text("老证 370104800101123") == "老证 370**********23"


def test_landlines_are_masked_and_other_numbers_kept() -> None:
    assert mask_text("村委会 0531-87654321") == "村委会 0531-****4321"
    assert mask_text("2026年10月1日花了1500元，门牌12号") == "2026年10月1日花了1500元，门牌12号"
    # A longer run of digits is no phone number: left as written.
    assert mask_text("订单 1391234567890123") == "订单 1391234567890123"
