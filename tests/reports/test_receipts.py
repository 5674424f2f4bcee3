import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from charity_desktop.domain.enums import DonationKind, DonorType
from charity_desktop.domain.errors import DomainError, NotFound, ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.money import Unit
from charity_desktop.reports.day_closing import write_day_closing
from charity_desktop.reports.receipt import write_receipt
from charity_desktop.services.closing import day_closing
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import list_donations, record_donation, totals
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.services.office import set_up_office
from charity_desktop.services.receipts import print_receipt, verify_code, void_receipt
from charity_desktop.translation import Translator
from tests.actors import CLERK, SUPERVISOR, clerk, supervisor
from tests.reports.pdf import pdf_pages, pdf_text, qr_codes, squeeze, typed_text

FA = Translator("fa")


@pytest.fixture
def toman_office(empty_database):
    set_up_office(
        empty_database,
        name="اداره کل بهزیستی استان زنجان",
        code="ZN",
        province="زنجان",
        county="زنجان",
        display_unit=Unit.TOMAN,
    )
    return empty_database


def donate(database, **changes):
    values = {
        "kind": "cash",
        "amount": "126000000",
        "date": "1404/09/30",
        "intent": "ایتام",
        "channel": "pos",
        "donor": DonorDraft(DonorType.PERSON, "علی رضایی", "0084575948"),
    }
    values.update(changes)
    return record_donation(
        database, DonationDraft(**values), actor=clerk("مریم کرمی")
    ).receipt_number


@pytest.mark.parametrize("paper", ["a5", "80mm"])
def test_receipt_pdf_holds_number_date_amount_in_words_and_a_checkable_qr(
    toman_office, tmp_path, paper
):
    number = donate(toman_office)
    path = tmp_path / f"{paper}.pdf"
    write_receipt(print_receipt(toman_office, number, actor=CLERK), path, paper=paper, tr=FA)
    text = pdf_text(path)
    assert pdf_pages(path) == 1
    for expected in (
        "ZN-1404-000001",
        "۱۴۰۴/۰۹/۳۰",
        "۱۲٬۶۰۰٬۰۰۰",
        "دوازده میلیون و ششصد هزار تومان",
        "علی رضایی",
        "******۵۹۴۸",  # masked, in Persian digits like every number a person reads
        "اداره کل بهزیستی استان زنجان",
        "ایتام",
        "کارتخوان",
        "مریم کرمی",
        "مهر و امضای اداره",
    ):
        assert expected in text, expected
    assert "0084575948" not in text
    assert "المثنی" not in text and "باطل" not in text
    [code] = qr_codes(path)
    assert code.startswith("CD1|ZN-1404-000001|1404/09/30|126000000|")
    checked = verify_code(toman_office, code)
    assert checked.genuine and not checked.voided
    forged = code.replace("|126000000|", "|926000000|")
    assert not verify_code(toman_office, forged).genuine


def test_second_print_is_a_reprint_with_its_count(database, tmp_path):
    number = donate(database)
    first, second, third = (print_receipt(database, number, actor=CLERK) for _ in range(3))
    assert (first.is_reprint, second.is_reprint, third.print_number) == (False, True, 3)
    write_receipt(third, tmp_path / "third.pdf", tr=FA)
    text = pdf_text(tmp_path / "third.pdf")
    assert "المثنی" in text
    assert "نوبت۲" in squeeze(text)


def test_in_kind_and_service_receipts(database, tmp_path):
    goods = donate(
        database,
        kind="in_kind",
        amount="450000000",
        description="یخچال",
        quantity="2",
        quantity_unit="دستگاه",
        channel="desk",
    )
    service = donate(
        database,
        kind="service",
        amount="8000000",
        description="ویزیت رایگان",
        hours="4",
        channel="desk",
        donor=DonorDraft(),
    )
    write_receipt(print_receipt(database, goods, actor=CLERK), tmp_path / "goods.pdf", tr=FA)
    write_receipt(
        print_receipt(database, service, actor=CLERK), tmp_path / "service.pdf", paper="80mm", tr=FA
    )
    goods_text, service_text = pdf_text(tmp_path / "goods.pdf"), pdf_text(tmp_path / "service.pdf")
    assert (
        "یخچال" in goods_text
        and "۲دستگاه" in squeeze(goods_text)
        and "ارزش ریالی کالا" in goods_text
    )
    assert "چهارصد و پنجاه میلیون ریال" in goods_text
    assert (
        "ویزیت رایگان" in service_text
        and "ساعت خدمت" in service_text
        and "نیکوکار گمنام" in service_text
    )


def test_receipt_figures_use_persian_digits_and_separators(office_with_history, tmp_path):
    goods = donate(
        office_with_history,
        kind="in_kind",
        amount="450000000",
        description="برنج",
        quantity="2.5",
        quantity_unit="تن",
        channel="desk",
    )
    service = donate(
        office_with_history, kind="service", amount="8000000", description="ویزیت", hours="1.5"
    )
    texts = {}
    for number in (goods, service, "ZN-1404-000001"):  # the last has campaign «... 1404»
        path = tmp_path / f"{number}.pdf"
        write_receipt(print_receipt(office_with_history, number, actor=CLERK), path, tr=FA)
        texts[number] = typed_text(path)
    assert "۲٫۵تن" in squeeze(texts[goods])
    assert "۱٫۵" in texts[service] and "1.5" not in texts[service]
    assert "جشن نیکوکاری ۱۴۰۴" in texts["ZN-1404-000001"]
    for text in texts.values():
        # Latin digits only in the codes: the receipt number, masked ID and check code.
        codes = re.compile(r"ZN-\d{4}-\d{6}|\*+\d{4}|\b[0-9a-f]{10}\b")
        assert not re.search("[0-9]|[۰-۹][.,][۰-۹]", codes.sub("", text)), text


@pytest.mark.parametrize(
    ("office", "unit_word", "other_word"),
    [("toman_office", "تومانی", "ریالی"), ("database", "ریالی", "تومانی")],
)
def test_value_labels_name_the_receipts_unit(office, unit_word, other_word, request, tmp_path):
    database = request.getfixturevalue(office)
    goods = donate(database, kind="in_kind", description="یخچال", channel="desk")
    service = donate(database, kind="service", description="ویزیت", hours="2", channel="desk")
    texts = []
    for number in (goods, service):
        write_receipt(print_receipt(database, number, actor=CLERK), tmp_path / "r.pdf", tr=FA)
        texts.append(typed_text(tmp_path / "r.pdf"))
    assert f"ارزش {unit_word} کالا" in texts[0] and f"ارزش {unit_word} خدمت" in texts[1]
    assert not any(other_word in text for text in texts)


def test_cash_receipt_prints_its_note(database, tmp_path):
    noted = donate(database, description="به نیت شادی روح پدرم؛ برای جهیزیه")
    plain = donate(database)
    for number, path in ((noted, tmp_path / "noted.pdf"), (plain, tmp_path / "plain.pdf")):
        write_receipt(print_receipt(database, number, actor=CLERK), path, tr=FA)
    noted_text = typed_text(tmp_path / "noted.pdf")
    assert "توضیح" in noted_text and "به نیت شادی روح پدرم؛ برای جهیزیه" in noted_text
    assert "توضیح" not in typed_text(tmp_path / "plain.pdf")


def test_a_receipt_is_a_frozen_snapshot(database, tmp_path):
    number = donate(database)
    with database.unit_of_work() as uow:
        [donor] = uow.donors.search([["0084575948"]], "", 1)
        donor.name = "نام تازه"
        uow.audit.append("test", "test_setup", "test", None, {})
        uow.commit()
    write_receipt(print_receipt(database, number, actor=CLERK), tmp_path / "r.pdf", tr=FA)
    text = pdf_text(tmp_path / "r.pdf")
    assert "علی رضایی" in text and "نام تازه" not in text


def test_void_keeps_the_number_leaves_totals_and_prints_a_mark(database, tmp_path):
    kept = donate(database, amount="1000")
    voided = donate(database, amount="5000")
    assert sum(t.rials for t in totals(database, DonationFilter())) == 6000
    copy = void_receipt(database, voided, reason="ثبت اشتباه مبلغ", actor=supervisor("سرپرست"))
    assert copy.voided_at is not None
    assert sum(t.rials for t in totals(database, DonationFilter())) == 1000
    assert [r.receipt_number for r in list_donations(database, DonationFilter())] == [kept]
    every = list_donations(database, DonationFilter(include_voided=True))
    assert [(r.receipt_number, r.void_reason, r.voided_by) for r in every][1] == (
        voided,
        "ثبت اشتباه مبلغ",
        "سرپرست",
    )
    assert donate(database) == "ZN-1404-000003"  # the voided number is never reused
    write_receipt(
        print_receipt(database, voided, actor=CLERK), tmp_path / "void.pdf", paper="80mm", tr=FA
    )
    text = pdf_text(tmp_path / "void.pdf")
    assert "باطل شد" in text and "ثبت اشتباه مبلغ" in text
    assert verify_code(database, qr_codes(tmp_path / "void.pdf")[0]).voided


def test_void_refusals(database):
    number = donate(database)
    with pytest.raises(ValidationFailed) as caught:
        void_receipt(database, number, reason=" بد ", actor=supervisor("u"))
    assert caught.value.problems[0].field == "void_reason"
    void_receipt(database, number, reason="درخواست نیکوکار", actor=supervisor("u"))
    with pytest.raises(DomainError) as again:
        void_receipt(database, number, reason="درخواست نیکوکار", actor=supervisor("u"))
    assert again.value.message == "Receipt {number} is already void."
    with pytest.raises(NotFound):
        void_receipt(database, "ZN-1404-000099", reason="درخواست نیکوکار", actor=supervisor("u"))
    with pytest.raises(DomainError):
        print_receipt(database, "not a number", actor=CLERK)


def test_receipt_number_typed_with_persian_digits_and_lower_case(database):
    number = donate(database)
    assert print_receipt(database, "zn-۱۴۰۴-۰۰۰۰۰۱", actor=CLERK).number == number


def test_receipt_issued_before_snapshots_existed_prints_from_its_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(Path(__file__).parents[1] / "storage" / "fixtures" / "schema_0001.sqlite3", path)
    database = open_database(str(path))
    copy = print_receipt(database, "ZN-1404-000002", actor=CLERK)
    assert (copy.description, copy.quantity, copy.amount_rials) == ("یخچال", "2", 50_000_000)
    assert copy.print_number == 1
    assert print_receipt(database, "ZN-1404-000002", actor=CLERK).is_reprint


def test_daily_closing_lists_receipts_totals_and_voids_apart(database, tmp_path):
    donate(database, amount="1000000", channel="desk")
    donate(database, amount="2000000", channel="pos")
    voided = donate(database, amount="7000000", channel="pos")
    donate(database, date="1404/09/29", amount="9000000")
    void_receipt(database, voided, reason="ثبت تکراری", actor=supervisor("سرپرست"))
    closing = day_closing(database, dt.date(2025, 12, 21))
    assert [r.receipt_number for r in closing.receipts] == ["ZN-1404-000001", "ZN-1404-000002"]
    assert [r.receipt_number for r in closing.voided] == [voided]
    assert closing.cash.rials == 3_000_000
    assert sum(kinds[DonationKind.CASH].rials for kinds in closing.by_channel.values()) == 3_000_000
    write_day_closing(closing, tmp_path / "day.pdf", tr=FA)
    text = pdf_text(tmp_path / "day.pdf")
    assert "۳۰آذر۱۴۰۴" in squeeze(text)
    assert "۳٬۰۰۰٬۰۰۰" in text and "ثبت تکراری" in text and "ZN-1404-000003" in text
    assert "۹٬۰۰۰٬۰۰۰" not in text


def test_void_and_enter_again_names_the_replaced_receipt(database, tmp_path):
    first = donate(database, amount="5000")
    with pytest.raises(ValidationFailed) as not_void:
        record_donation(
            database,
            DonationDraft(
                kind="cash", amount="500", date="1404/09/30", intent="ایتام", replaces=first
            ),
            actor=CLERK,
        )
    assert (
        not_void.value.problems[0].message
        == "Void receipt {number} before entering its correction."
    )
    void_receipt(database, first, reason="مبلغ اشتباه", actor=SUPERVISOR)
    second = record_donation(
        database,
        DonationDraft(kind="cash", amount="500", date="1404/09/30", intent="ایتام", replaces=first),
        actor=CLERK,
    ).receipt_number
    write_receipt(print_receipt(database, second, actor=CLERK), tmp_path / "fixed.pdf", tr=FA)
    assert f"جایگزین رسید باطل‌شده {first}".replace("\u200c", "") in pdf_text(
        tmp_path / "fixed.pdf"
    ).replace("  ", " ")


@pytest.mark.parametrize("paper", ["a5", "80mm"])
def test_a_card_readers_receipt_names_its_tracking_number(database, tmp_path, paper):
    number = donate(database, tracking_number="۶۲۸۱۰۴۵۵۹۰۱۲")
    path = tmp_path / "card.pdf"
    write_receipt(print_receipt(database, number, actor=CLERK), path, paper=paper, tr=FA)
    text = pdf_text(path)
    assert "شماره پیگیری" in text and "628104559012" in text
    plain = donate(database, channel="desk")
    write_receipt(print_receipt(database, plain, actor=CLERK), path, paper=paper, tr=FA)
    assert "شماره پیگیری" not in pdf_text(path)
