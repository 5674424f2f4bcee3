"""Every message the program can show has a Persian translation with the same placeholders."""

import re

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
