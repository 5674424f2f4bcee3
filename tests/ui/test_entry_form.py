import datetime as dt

import pytest
from PySide6.QtCore import Qt

from charity_desktop.domain.enums import DonationKind
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.users import Actor, Role
from charity_desktop.persian.jalali import jalali_year
from charity_desktop.services.catalogue import add_entry
from charity_desktop.services.donations import list_donations
from charity_desktop.services.office import set_keep_entry_choices
from charity_desktop.translation import Translator
from charity_desktop.ui.entry_form import EntryForm
from tests.actors import CLERK, SUPERVISOR
from tests.ui.conftest import desk, known_donor_gives


@pytest.fixture
def form(qtbot, persian_app, database):
    printed = []
    form = EntryForm(
        database, Translator("fa"), *desk(database, CLERK), print_receipt=printed.append
    )
    form.printed = printed
    qtbot.addWidget(form)
    form.resize(1280, 800)
    form.show()
    form.intent.setCurrentIndex(0)  # chosen for each donation: the tests save orphans' gifts
    return form


def stored(database):
    return list_donations(database, DonationFilter(include_voided=True))


def choose(combo, text):
    combo.setCurrentIndex(combo.findText(text))
    assert combo.currentText() == text


def test_typing_a_donation_and_saving_with_ctrl_enter(qtbot, form, database):
    form.donor_name.setText("علی رضایی")
    qtbot.keyClicks(form.donor_id, "0084575948")
    qtbot.keyClicks(form.donor_mobile, "09121234567")
    qtbot.keyClicks(form.amount, "12600000")
    assert form.amount.text() == "۱۲٬۶۰۰٬۰۰۰"
    assert form.words.text() == "دوازده میلیون و ششصد هزار ریال"
    choose(form.intent, "جهیزیه")
    choose(form.channel, "کارت‌خوان")
    qtbot.keyClick(form.amount, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [row] = stored(database)
    assert (row.amount_rials, row.kind, row.intent, row.channel.value) == (
        12_600_000,
        DonationKind.CASH,
        "جهیزیه",
        "pos",
    )
    year = jalali_year(dt.date.today())
    assert (row.donor_name, row.donor_national_id, row.receipt_number) == (
        "علی رضایی",
        "0084575948",
        f"ZN-{year}-000001",
    )
    assert form.printed == [row.receipt_number]
    assert form.toast.isVisible() and row.receipt_number in form.toast.text()
    assert form.amount.text() == "" and form.donor_name.text() == ""
    assert form.channel.currentText() == "کارت‌خوان"  # the desk's channel is kept
    assert form.intent.currentIndex() == -1  # the intent is chosen again for each donation
    assert form.intent.placeholderText() == "نیت نیکوکار را برگزینید"


def test_amount_groups_as_you_type_and_words_follow_the_unit(qtbot, form):
    qtbot.keyClicks(form.amount, "1000")
    assert form.amount.text() == "۱٬۰۰۰"
    qtbot.keyClicks(form.amount, "5")
    assert form.amount.text() == "۱۰٬۰۰۵"
    assert form.words.text() == "ده هزار و پنج ریال"
    form.amount.setText("۵۰۰")  # Persian digits go through the parser
    assert form.amount.digits() == "500"


def test_persian_digits_typed_elsewhere_are_saved_as_rials(qtbot, form, database):
    form.amount.setText("۲٬۵۰۰٬۰۰۰")
    form.save(print_after=False)
    assert [r.amount_rials for r in stored(database)] == [2_500_000]
    assert form.printed == []


@pytest.mark.parametrize(
    ("fill", "field", "message"),
    [
        (lambda f: None, "amount", "مبلغ را وارد کنید."),
        (
            lambda f: f.amount.setText("۱۲a"),
            "amount",
            "مبلغ باید عددی صحیح و فقط با رقم نوشته شود.",
        ),
        (
            lambda f: (
                f.amount.setText("1000"),
                f.donor_name.setText("علی"),
                f.donor_id.setText("0084575949"),
            ),
            "donor_national_id",
            "این کد ملی درست نیست (رقم کنترلی نمی‌خواند).",
        ),
        (
            lambda f: (f.amount.setText("1000"), f.donor_id.setText("0084575948")),
            "donor_name",
            "نام نیکوکار را وارد کنید یا «گمنام» را برگزینید.",
        ),
        (
            lambda f: (
                f.amount.setText("1000"),
                f.donor_name.setText("علی"),
                f.donor_mobile.setText("0212"),
            ),
            "donor_mobile",
            "شماره همراه ۱۱ رقم است و با ۰۹ شروع می‌شود، مانند ۰۹۱۲۱۲۳۴۵۶۷.",
        ),
        (
            lambda f: (f.amount.setText("1000"), f.kind_buttons.button(1).setChecked(True)),
            "description",
            "شرح کالای اهدایی را بنویسید.",
        ),
        (
            lambda f: (
                f.amount.setText("1000"),
                f.kind_buttons.button(1).setChecked(True),
                f.description.setText("برنج"),
                f.quantity.setText("-1"),
            ),
            "quantity",
            "تعداد باید عددی بیشتر از صفر باشد.",
        ),
        (
            lambda f: (
                f.amount.setText("1000"),
                f.kind_buttons.button(2).setChecked(True),
                f.description.setText("ویزیت"),
            ),
            "hours",
            "ساعت‌های خدمت را وارد کنید؛ عددی بیشتر از صفر.",
        ),
        (
            lambda f: (
                f.amount.setText("1000"),
                f.date.set_date(dt.date.today() + dt.timedelta(days=3)),
            ),
            "date",
            "تاریخ در آینده است.",
        ),
    ],
)
def test_each_validation_message_shows_next_to_its_field(form, database, fill, field, message):
    fill(form)
    assert form.save(print_after=False) is None
    assert form.errors.labels[field].isVisible()
    assert form.errors.labels[field].text() == message
    assert stored(database) == []


def test_kind_switch_shows_only_its_fields(form):
    form.kind_buttons.button(0).setChecked(True)
    assert not form.quantity.isVisible() and not form.hours.isVisible()
    assert form.description_label.text() == "توضیح"
    form.kind_buttons.button(1).setChecked(True)
    assert (
        form.quantity.isVisible() and form.quantity_unit.isVisible() and not form.hours.isVisible()
    )
    assert form.description_label.text() == "شرح کالا"
    form.kind_buttons.button(2).setChecked(True)
    assert form.hours.isVisible() and not form.quantity.isVisible()


def test_donor_search_finds_with_arabic_letters_and_either_digit_set(qtbot, form, database):
    known_donor_gives(database, 1000)
    for typed in ("علي", "رضايي", "۵۹۴۸", "0912123"):
        form.donor_search.clear()
        qtbot.keyClicks(form.donor_search, typed) if typed.isascii() else form._search_donors(typed)
        assert form.donor_results.count() == 1, typed
    qtbot.keyClick(form.donor_search, Qt.Key.Key_Return)
    assert form.chosen_donor.name == "علی رضایی"
    assert not form.donor_name.isVisible()
    form.amount.setText("5000")
    form.save(print_after=False)
    latest = stored(database)[-1]
    assert (latest.donor_name, latest.amount_rials) == ("علی رضایی", 5000)
    with database.reader() as uow:
        assert uow.donors.count() == 1


def test_choices_are_remembered_per_clerk(qtbot, persian_app, database):
    add_entry(database, "counties", "ابهر", actor=SUPERVISOR)
    first = EntryForm(database, Translator("fa"), *desk(database, CLERK))
    qtbot.addWidget(first)
    choose(first.county, "ابهر")
    choose(first.intent, "زکات")
    first.kind_buttons.button(1).setChecked(True)
    first.amount.setText("1000")
    first.description.setText("برنج")
    first.save(print_after=False)
    again = EntryForm(database, Translator("fa"), *desk(database, CLERK))
    qtbot.addWidget(again)
    # The office keeps neither intent nor kind by default: both are chosen for each donation.
    assert (again.county.currentText(), again.intent.currentIndex()) == ("ابهر", -1)
    assert again.kind() is DonationKind.CASH
    set_keep_entry_choices(database, True, actor=SUPERVISOR)
    kept = EntryForm(database, Translator("fa"), *desk(database, CLERK))
    qtbot.addWidget(kept)
    assert (kept.intent.currentText(), kept.kind()) == ("زکات", DonationKind.IN_KIND)
    other = EntryForm(
        database, Translator("fa"), *desk(database, Actor("someone-else", Role.CLERK))
    )
    qtbot.addWidget(other)
    assert (other.county.currentIndex(), other.intent.currentIndex()) == (0, -1)


def test_tab_order_follows_the_form(form):
    order = [form.donor_search]
    widget = form.donor_search
    for _ in range(6):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order[1:4] == [form.donor_name, form.donor_id, form.donor_mobile]
    assert form.amount in order


def test_jalali_date_defaults_to_today_and_shows_persian_digits(form):
    assert form.date.value() == dt.date.today()
    form.date.set_date(dt.date(2025, 12, 21))
    assert form.date.text() == "۱۴۰۴/۰۹/۳۰"
    popup = form.date.calendarWidget()
    assert popup.firstDayOfWeek() == Qt.DayOfWeek.Saturday
    friday = popup.weekdayTextFormat(Qt.DayOfWeek.Friday).foreground().color().name()
    saturday = popup.weekdayTextFormat(Qt.DayOfWeek.Saturday).foreground().color().name()
    assert friday == "#b42318" and saturday != friday


def test_a_message_goes_as_soon_as_its_field_is_fixed(qtbot, form, database):
    form.donor_name.setText("علی")
    form.donor_mobile.setText("0212")
    assert form.save(print_after=False) is None
    errors = form.errors.labels
    assert errors["amount"].isVisible() and errors["donor_mobile"].isVisible()
    qtbot.keyClicks(form.amount, "1000")
    assert not errors["amount"].isVisible() and errors["amount"].text() == ""
    assert errors["donor_mobile"].isVisible()  # not fixed yet: still said
    form.donor_mobile.clear()
    qtbot.keyClicks(form.donor_mobile, "09121234567")
    assert not errors["donor_mobile"].isVisible()
    assert form.save(print_after=False) is not None


def test_the_value_label_names_the_offices_unit(qtbot, persian_app, database):
    from charity_desktop.persian.money import Unit
    from charity_desktop.services.catalogue import update_office

    for unit, shown in ((Unit.TOMAN, "ارزش به تومان"), (Unit.RIAL, "ارزش به ریال")):
        update_office(
            database,
            name="اداره بهزیستی زنجان",
            province="زنجان",
            county="زنجان",
            display_unit=unit,
            actor=SUPERVISOR,
        )
        form = EntryForm(database, Translator("fa"), *desk(database, CLERK))
        qtbot.addWidget(form)
        form.kind_buttons.button(1).setChecked(True)
        label = form.amount_row[0].text()
        assert label == shown and "ریالی" not in label
        assert form.unit_label.text() == shown.split()[-1]


def test_masked_ids_and_mobiles_in_the_donor_search_are_in_persian_digits(qtbot, form, database):
    known_donor_gives(database, 1000)
    form._search_donors("علی")
    shown = form.donor_results.item(0).text()
    assert "۵۹۴۸" in shown and "۰۹۱۲۱۲۳۴۵۶۷" in shown
    assert not any(ch.isascii() and ch.isdigit() for ch in shown), shown
    qtbot.keyClick(form.donor_search, Qt.Key.Key_Return)
    assert "۵۹۴۸" in form.chosen_label.text()
    assert not any(ch.isascii() and ch.isdigit() for ch in form.chosen_label.text())


def test_ten_equal_digits_are_questioned_then_saved_once_the_clerk_confirms(qtbot, form, database):
    form.donor_name.setText("علی")
    form.donor_id.setText("1111111111")
    form.amount.setText("1000")
    assert not form.confirm_id.isVisible()
    assert form.save(print_after=False) is None
    assert form.errors.labels["donor_national_id"].text().startswith("هر ده رقم این کد ملی یکسان")
    assert form.confirm_id.isVisible() and stored(database) == []
    form.confirm_id.setChecked(True)
    saved = form.save(print_after=False)
    assert saved is not None
    assert stored(database)[0].donor_national_id == "1111111111"
    assert not form.confirm_id.isVisible()  # the next donor starts unconfirmed


def test_a_confirmed_id_stays_confirmed_when_the_save_fails_for_another_reason(form, database):
    form.donor_name.setText("علی")
    form.donor_id.setText("1111111111")
    form.amount.setText("1000")
    form.save(print_after=False)
    form.confirm_id.setChecked(True)
    form.intent.setCurrentIndex(-1)  # no intent chosen: refused for that alone
    assert form.save(print_after=False) is None
    assert form.errors.labels["intent"].isVisible()
    assert form.confirm_id.isVisible() and form.confirm_id.isChecked()
    assert not form.errors.labels["donor_national_id"].isVisible()


def test_an_amount_too_large_is_refused_beside_its_field_not_cut_short(qtbot, form, database):
    qtbot.keyClicks(form.amount, "1" + "0" * 16)
    assert form.amount.digits().replace("٬", "") == "1" + "0" * 16  # nothing typed is dropped
    assert "بزرگ‌تر" in form.words.text() or "بیشتر" in form.words.text()
    assert form.save(print_after=False) is None
    assert form.errors.labels["amount"].isVisible() and stored(database) == []


def test_a_chosen_donor_shows_their_history_and_their_details_can_be_corrected(
    qtbot, form, database
):
    known_donor_gives(database, 1_000_000)
    known_donor_gives(database, 2_500_000)
    form._search_donors("رضایی")
    qtbot.keyClick(form.donor_search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.chosen_detail is not None, timeout=5_000)
    history = form.donor_history.text().splitlines()
    assert history[0] == "امسال: ۰ کمک، نقدیِ آن ۰ ریال."  # both gifts are of 1404/09/30
    assert len(history) == 3 and all("ایتام" in line for line in history[1:])
    assert "۲٬۵۰۰٬۰۰۰ ریال" in history[1]  # newest first
    assert form.edit_donor_button.isVisible()
    dialog = form.edit_chosen_donor()
    assert dialog.name.text() == "علی رضایی" and dialog.mobile.text() == "۰۹۱۲۱۲۳۴۵۶۷"
    dialog.mobile.setText("0912")
    dialog.accept()
    assert dialog.isVisible() and dialog.errors.labels["donor_mobile"].isVisible()
    dialog.mobile.setText("۰۹۱۲۷۶۵۴۳۲۱")
    dialog.name.setText("علي رضائي")
    dialog.accept()
    assert not dialog.isVisible() and dialog.saved.name == "علی رضائی"
    qtbot.waitUntil(lambda: form.chosen_donor.name == "علی رضائی", timeout=5_000)
    assert "علی رضائی" in form.chosen_label.text()


def test_a_search_that_finds_no_one_says_so_and_fills_the_new_donor(qtbot, form):
    form._search_donors("09351234567")
    assert form.no_one.isVisible() and "۰۹۳۵۱۲۳۴۵۶۷" in form.tr_.digits(form.no_one.text())
    assert (form.donor_mobile.text(), form.donor_name.text()) == ("09351234567", "")
    form._search_donors("زهرا کریمی")
    assert (form.donor_mobile.text(), form.donor_name.text()) == ("", "زهرا کریمی")
    form.donor_name.setText("زهرا کریمی‌پور")  # typed by the clerk: the search leaves it be
    form._search_donors("زهرا")
    assert form.donor_name.text() == "زهرا کریمی‌پور"


def test_the_tracking_number_is_asked_of_a_card_reader_gift_and_a_repeat_is_named(
    qtbot, form, database
):
    assert not form.tracking.isVisible()  # a desk gift has none
    choose(form.channel, "کارت‌خوان")
    assert form.tracking.isVisible()
    form.amount.setText("2000000")
    form.tracking.setText("۶۲۸۱۰۴۵۵۹۰۱۲")
    saved = form.save(print_after=False)
    assert stored(database)[0].tracking_number == "628104559012"
    form.intent.setCurrentIndex(0)
    form.amount.setText("2000000")
    form.tracking.setText("628104559012")
    assert form.save(print_after=False) is None
    message = form.errors.labels["tracking_number"]
    assert message.isVisible() and saved.receipt_number in message.text()
    assert len(stored(database)) == 1
