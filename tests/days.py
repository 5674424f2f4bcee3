"""The days a date-dependent test runs on besides this computer's today: the first day of a
Solar Hijri year, the last day of a common and of a leap year, and the first day of Dey."""

from charity_desktop.persian.jalali import jalali_to_date

FIXED_DAYS = {
    "1-farvardin-1405": jalali_to_date(1405, 1, 1),
    "29-esfand-1404": jalali_to_date(1404, 12, 29),
    "30-esfand-1403-leap": jalali_to_date(1403, 12, 30),
    "1-dey-1404": jalali_to_date(1404, 10, 1),
}
