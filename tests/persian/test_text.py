from hypothesis import given
from hypothesis import strategies as st

from charity_desktop.persian.text import (
    ZWNJ,
    normalize,
    normalize_lines,
    search_key,
    to_ascii_digits,
    to_persian_digits,
)


def test_arabic_letters_become_persian():
    assert normalize("علي كريمي") == "علی کریمی"
    assert normalize("موسى") == "موسی"


def test_digits_of_every_set_become_ascii():
    assert normalize("۱۲۳٤٥٦789") == "123456789"
    assert to_ascii_digits("۰۰۸۴۵۷۵۹۴۸") == "0084575948"
    assert to_persian_digits("1404/09/30") == "۱۴۰۴/۰۹/۳۰"


def test_spaces_zwnj_and_marks_are_tidied():
    assert normalize("  علی   رضایی \n") == "علی رضایی"
    assert normalize(f"می{ZWNJ}{ZWNJ}خواهم") == f"می{ZWNJ}خواهم"
    assert normalize(f"می {ZWNJ} خواهم") == "می خواهم"
    assert normalize(f"{ZWNJ}کتاب{ZWNJ}") == "کتاب"
    assert normalize("مُحَمَّد") == "محمد"
    assert normalize("زنـــجان") == "زنجان"
    assert normalize(None) == ""


def test_search_key_finds_what_a_person_typed():
    stored = search_key("محمدرضا علي‌زاده")
    for typed in ("محمد رضا", "محمد‌رضا", "محمدرضا", "علیزاده", "علي زاده", "عليزاده"):
        assert search_key(typed) in stored
    assert search_key("آرش") == search_key("ارش")
    assert search_key("ABC") == "abc"


@given(st.text())
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.text())
def test_search_key_has_no_spaces_or_arabic_letters(text):
    key = search_key(text)
    assert " " not in key and ZWNJ not in key
    assert "ي" not in key and "ك" not in key


def test_control_characters_and_direction_overrides_are_never_stored():
    assert normalize("ابهر\x07x\x1b[31m") == "ابهرx[31m"
    assert normalize("\u202eاداره\u2066 بهزیستی\u2069\u202c") == "اداره بهزیستی"
    assert normalize("علی\tرضایی\nزنجان") == "علی رضایی زنجان"


CONTROLS = "".join(chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)))


def test_multi_line_text_keeps_its_line_breaks_and_tabs_only():
    typed = "خيابان\x07 آزادی\r\nپلاک\t۱۲\x00\x1b[31m\n\n"
    assert normalize_lines(typed) == "خیابان آزادی\nپلاک\t12[31m"
    assert normalize_lines("") == normalize_lines(None) == ""
    assert normalize(typed) == "خیابان آزادی پلاک 12[31m"


@given(st.text(alphabet=st.sampled_from([*CONTROLS, "ا", "ب", " ", "1"])))
def test_no_control_character_survives_but_line_breaks_and_tabs_in_lines(text):
    single, lines = normalize(text), normalize_lines(text)
    assert not set(single) & set(CONTROLS)
    assert not set(lines) & (set(CONTROLS) - {"\n", "\t"})
    assert normalize_lines(lines) == lines
