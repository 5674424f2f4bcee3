"""The clerk's home page: today's figures, the signed-in person's own receipts, the last
entries, and what the office is late with (a backup, a package to the centre)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charity_desktop.domain.enums import DonationKind
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.services import backups, closing
from charity_desktop.services.access import authorize
from charity_desktop.services.closing import ClosingReceipt, DayClosing, Tally
from charity_desktop.services.database import Database
from charity_desktop.services.office import home_office

# The entries listed under "last entries", newest first.
LAST_ENTRIES = 8
# A backup older than this is named on the home page (the window makes one every 3 hours).
BACKUP_OLD_AFTER = dt.timedelta(days=1)
# A backup named later than now by more than this was made under a wrong clock: it does
# not count as recent (it would silence the reminder until that day).
CLOCK_SLACK = dt.timedelta(minutes=5)
# A package to the centre is due this long after the last one, once something was entered since.
PACKAGE_DUE_AFTER = dt.timedelta(days=7)


@dataclass(frozen=True)
class TodayPage:
    """What the home page shows for `closing.day`."""

    closing: DayClosing
    mine: list[ClosingReceipt]  # the signed-in person's live receipts of the day, by number
    last_entries: list[ClosingReceipt]  # the day's receipts, voided too, newest entered first
    last_backup_at: dt.datetime | None  # local time; None: none yet, or a server database
    backup_is_old: bool  # no backup within BACKUP_OLD_AFTER (on a database file)
    last_package_at: dt.datetime | None  # UTC; None: this office never wrote one
    package_is_due: bool

    @property
    def mine_total(self) -> Tally:
        """The signed-in person's cash of the day (cash only: kinds are never added)."""
        tally = Tally()
        for receipt in self.mine:
            if receipt.kind is DonationKind.CASH:
                tally = tally.plus(receipt.amount_rials)
        return tally


def today_page(
    database: Database, *, actor: Actor, day: dt.date, now: dt.datetime | None = None
) -> TodayPage:
    """The home page of `actor` for `day` (`now`: this computer's local time, for the ages).

    A package is due only for an office that has sent one before (a county reporting to its
    centre): when the last is older than PACKAGE_DUE_AFTER and a donation was entered since."""
    authorize(database, actor, Permission.RECORD)
    local_now = now or dt.datetime.now()
    utc_now = local_now.astimezone(dt.UTC).replace(tzinfo=None)
    day_closing = closing.day_closing(database, day)
    with database.reader() as uow:
        office = home_office(uow)
        last_package_at = uow.audit.last_at("package_exported")
        last_entered_at = uow.donations.last_entered_at(office.id)
    last_backup_at = backups.last_backup_at(database)
    entries = sorted(
        [*day_closing.receipts, *day_closing.voided],
        key=lambda receipt: receipt.entered_at,
        reverse=True,
    )
    return TodayPage(
        closing=day_closing,
        mine=[receipt for receipt in day_closing.receipts if receipt.clerk == actor.name],
        last_entries=entries[:LAST_ENTRIES],
        last_backup_at=last_backup_at,
        backup_is_old=database.file_path() is not None
        and (
            last_backup_at is None
            or not local_now - BACKUP_OLD_AFTER <= last_backup_at <= local_now + CLOCK_SLACK
        ),
        last_package_at=last_package_at,
        package_is_due=last_package_at is not None
        and utc_now - last_package_at > PACKAGE_DUE_AFTER
        and last_entered_at is not None
        and last_entered_at > last_package_at,
    )
