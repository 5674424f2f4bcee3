import pytest

from charity_desktop.persian import identifiers
from charity_desktop.persian.errors import InvalidInput


def refusal(check, text):
    with pytest.raises(InvalidInput) as caught:
        check(text)
    return caught.value.message


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("0084575948", "0084575948"),
        ("۰۰۱۳۵۴۲۴۱۹", "0013542419"),
        ("٠٠١٣٥٤٢٤١٩", "0013542419"),
        ("۰۰۱۳5424۱۹", "0013542419"),
        ("13542419", "0013542419"),
        ("084575948", "0084575948"),
        ("008-457594-8", "0084575948"),
    ],
)
def test_valid_national_ids(typed, canonical):
    assert identifiers.national_id(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the national ID."),
        ("0084575949", "This national ID is not valid (check digit does not match)."),
        ("0000000000", "This national ID is not valid (check digit does not match)."),
        ("00845a5948", "The national ID may contain digits only."),
        ("1234567", "The national ID must have 10 digits."),
        ("12345678901", "The national ID must have 10 digits."),
    ],
)
def test_invalid_national_ids(typed, message):
    assert refusal(identifiers.national_id, typed) == message


def test_ten_equal_digits_pass_and_are_flagged_for_confirmation():
    assert identifiers.national_id("۱۱۱۱۱۱۱۱۱۱") == "1111111111"
    assert identifiers.repeated_digits("1111111111")
    assert not identifiers.repeated_digits("0084575948")


def test_legal_id():
    assert identifiers.legal_id("10380284790") == "10380284790"
    assert identifiers.legal_id("۱۰۳۸۰۲۸۴۷۹۰") == "10380284790"
    assert refusal(identifiers.legal_id, "10380284792").startswith("This legal entity")
    assert (
        refusal(identifiers.legal_id, "1038028479")
        == "The legal entity's national ID must have 11 digits."
    )
    assert refusal(identifiers.legal_id, "") == "Enter the legal entity's national ID."
    assert refusal(identifiers.legal_id, "1038028479x").endswith("digits only.")


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "9121234567",
        "۰۹۱۲ ۱۲۳ ۴۵۶۷",
        "0912-123-4567",
    ],
)
def test_valid_mobiles(typed):
    assert identifiers.mobile(typed) == "09121234567"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the mobile number."),
        ("02112345678", "A mobile number is 11 digits starting with 09, for example 09121234567."),
        ("0912123456", "A mobile number is 11 digits starting with 09, for example 09121234567."),
        ("0912abc4567", "The mobile number may contain digits only."),
    ],
)
def test_invalid_mobiles(typed, message):
    assert refusal(identifiers.mobile, typed) == message


def test_sheba():
    assert identifiers.sheba("IR820540102680020817909002") == "IR820540102680020817909002"
    assert identifiers.sheba("ir82 0540 1026 8002 0817 9090 02") == "IR820540102680020817909002"
    assert identifiers.sheba("820540102680020817909002") == "IR820540102680020817909002"
    assert refusal(identifiers.sheba, "IR820540102680020817909003").startswith("This Sheba")
    assert (
        refusal(identifiers.sheba, "IR8205401026800208179090")
        == "A Sheba number is IR followed by 24 digits."
    )
    assert refusal(identifiers.sheba, "") == "Enter the Sheba number."


def test_card_number():
    assert identifiers.card_number("6037-9975-9959-9991") == "6037997599599991"
    assert identifiers.card_number("۶۰۳۷۹۹۷۵۹۹۵۹۹۹۹۱") == "6037997599599991"
    assert refusal(identifiers.card_number, "6037997599599998").startswith("This card number")
    assert refusal(identifiers.card_number, "603799759959999") == "A card number has 16 digits."
    assert refusal(identifiers.card_number, "") == "Enter the card number."
