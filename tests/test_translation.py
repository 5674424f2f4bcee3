"""Every message the program can show has a Persian translation with the same placeholders."""

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from charity_desktop.domain.errors import FieldProblem, ValidationFailed
from charity_desktop.translation import FIELD_LABELS, Translator, catalog_dir, extract_catalog

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def persian_catalog():
    with (catalog_dir() / "fa" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="fa") if m.id}


def test_every_extracted_message_is_translated_to_persian():
    persian = persian_catalog()
    extracted = {m.id for m in extract_catalog() if m.id}
    assert len(extracted) > 100
    missing = sorted(i for i in extracted if not persian.get(i))
    assert missing == [], "run `python -m charity_desktop.translation` and translate"


def test_translations_keep_their_placeholders_and_are_persian():
    for message, translation in persian_catalog().items():
        assert set(PLACEHOLDER.findall(message)) == set(PLACEHOLDER.findall(translation)), message
        if re.search("[A-Za-z]", PLACEHOLDER.sub("", message)):
            assert re.search("[\u0600-\u06ff]", translation), message


def test_numbers_in_messages_use_persian_digits():
    fa = Translator("fa")
    error = ValidationFailed(
        [FieldProblem("amount", "The amount must be more than zero.", row=12345)]
    )
    assert fa.error(error) == "ردیف ۱۲٬۳۴۵، مبلغ: مبلغ باید بیشتر از صفر باشد."
    assert Translator("en").error(error) == "Row 12,345, amount: The amount must be more than zero."


def test_every_field_has_a_label():
    fa = Translator("fa")
    for field, label in FIELD_LABELS.items():
        assert fa(label) != label, field


def test_an_empty_message_is_empty_not_the_catalog_header():
    assert Translator("fa")("") == ""
    assert Translator("en")("") == ""


def test_numbers_dates_amounts_and_roles_follow_the_language():
    import datetime as dt

    from charity_desktop.domain.users import Actor, Permission, PermissionDenied, Role, require
    from charity_desktop.persian.money import Unit

    fa, en = Translator("fa"), Translator("en")
    assert fa.amount(12_600_000, Unit.TOMAN) == "۱٬۲۶۰٬۰۰۰ تومان"
    assert en.amount(12_600_000, Unit.TOMAN) == "1,260,000 toman"
    assert fa.date(dt.date(2025, 12, 21)) == "۱۴۰۴/۰۹/۳۰"
    assert en.date(dt.date(2025, 12, 21)) == "1404/09/30"
    assert en("{name}", name="۱۲۳") == "123"
    with pytest.raises(PermissionDenied) as refused:
        require(Actor("مریم", Role.CLERK), Permission.VOID)
    assert (
        fa.error(refused.value)
        == "مریم (کارمند ثبت) اجازه این کار را ندارد؛ از سرپرست یا مدیر بخواهید."
    )
    assert en.error(refused.value) == "مریم (clerk) may not do this; ask a supervisor or an admin."
    with pytest.raises(PermissionDenied) as refused:
        require(Actor("رضا", Role.SUPERVISOR), Permission.MANAGE_USERS)
    assert (
        fa.error(refused.value)
        == "رضا (سرپرست) اجازه این کار را ندارد؛ تنها مدیر می‌تواند: از مدیر بخواهید."
    )


def test_every_action_on_the_audit_trail_has_a_name_in_the_viewer():
    """The actions the code appends (the second argument of `audit.append`, and the upgrade's
    own) are all named in AUDIT_ACTION_LABELS, so the viewer never shows a bare id."""
    from charity_desktop.storage.audit import BASELINE
    from charity_desktop.translation import AUDIT_ACTION_LABELS

    actions = {BASELINE}
    for path in (Path(__file__).parent.parent / "charity_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "append"
                and len(node.args) >= 2
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "audit"
            ):
                actions |= {
                    part.value
                    for part in ast.walk(node.args[1])
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                }
    assert len(actions) >= 15  # some come through a variable (store_donations, prints)
    assert actions - set(AUDIT_ACTION_LABELS) == set()


def test_every_name_in_the_details_of_the_audit_trail_has_a_label():
    """The names the code writes into an entry's details (the dicts it passes to
    `audit.append` and `seal_everything`, and the settings named by a constant) are all in
    AUDIT_DETAIL_LABELS, so the viewer shows them in the language."""
    from charity_desktop.services.backups import NOT_REUSED
    from charity_desktop.services.office import CEILING_SETTING, IDLE_LOCK_SETTING
    from charity_desktop.translation import AUDIT_DETAIL_LABELS

    names = {CEILING_SETTING, IDLE_LOCK_SETTING, NOT_REUSED, "sealed_records"}
    for path in (Path(__file__).parent.parent / "charity_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and _writes_details(node.func):
                for part in ast.walk(node.args[-1]):
                    if isinstance(part, ast.Dict):
                        names |= {
                            key.value
                            for key in part.keys
                            if isinstance(key, ast.Constant) and isinstance(key.value, str)
                        }
    assert {"number", "reason", "backup", "kept_aside", "upgraded_from", "chain"} <= names
    assert names - set(AUDIT_DETAIL_LABELS) == set()


def _writes_details(called):
    """Whether a call is `….audit.append(…)`, `audit.append(…)` or `seal_everything(…)`."""
    if isinstance(called, ast.Name):
        return called.id == "seal_everything"
    owner = getattr(called, "value", None)
    return (
        isinstance(called, ast.Attribute)
        and called.attr == "append"
        and (
            (isinstance(owner, ast.Attribute) and owner.attr == "audit")
            or (isinstance(owner, ast.Name) and owner.id == "audit")
        )
    )


def test_the_details_of_an_audit_entry_read_in_the_language():
    fa, en = Translator("fa"), Translator("en")
    voided = '{"number":"ZN-1404-000002","reason":"ثبت تکراری","sealed_records":2}'
    assert (
        fa.audit_details(voided)
        == "شماره رسید: ZN-1404-000002، علت: ثبت تکراری، سابقه‌های مهرشده: ۲"  # a code keeps its digits
    )
    assert (
        en.audit_details(voided)
        == "receipt number: ZN-1404-000002, reason: ثبت تکراری, records sealed: 2"
    )
    head = "ab12" * 16
    merged = (
        '{"code":"ZNA","counts":{"donations":[1200,3]},"package_head":"' + head + '",'
        '"key_replaced":false,"role":"clerk","since":null,"extra":1}'
    )
    assert fa.audit_details(merged) == (
        f"کد اداره: ZNA، سابقه‌ها (افزوده، تغییریافته): (کمک‌ها: (۱٬۲۰۰، ۳))، "
        f"سر زنجیرهٔ بسته: {head}، کلید جایگزین شد: خیر، نقش: کارمند ثبت، از تاریخ: —، extra: ۱"
    )
