"""`charity-desktop`: with no command opens the window; commands run the same services."""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import functools
import getpass
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from charity_desktop import __version__
from charity_desktop.domain.errors import DomainError, ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.spreadsheet import safe_cell
from charity_desktop.domain.users import Actor, Role
from charity_desktop.exchange import cards
from charity_desktop.exchange.importing import read_donation_file
from charity_desktop.exchange.package import export_package, merge_package
from charity_desktop.logs import failure_message
from charity_desktop.paths import database_target, private_file
from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.identifiers import mask_identifier
from charity_desktop.persian.jalali import (
    format_jalali,
    jalali_year,
    local_time,
    parse_jalali,
    today,
)
from charity_desktop.persian.money import Unit
from charity_desktop.persian.text import to_ascii_digits
from charity_desktop.reports.day_closing import write_day_closing
from charity_desktop.reports.receipt import PAPERS, write_receipt
from charity_desktop.reports.summary_pdf import write_summary_pdf
from charity_desktop.reports.summary_xlsx import write_summary_xlsx
from charity_desktop.reports.wording import press_paragraph, summary_label
from charity_desktop.services import (
    audit_trail,
    backups,
    closing,
    corrections,
    demo,
    donations,
    donors,
    exchange,
    migration,
    office,
    receipts,
    summary,
    users,
)
from charity_desktop.services.database import Database, open_database
from charity_desktop.services.dto import DonationRow
from charity_desktop.translation import (
    AUDIT_ACTION_LABELS,
    CHANNEL_LABELS,
    DEFAULT_LANGUAGE,
    DOCUMENT_LANGUAGE,
    KIND_LABELS,
    LANGUAGES,
    MAPPING_MESSAGES,
    N_,
    PART_LABELS,
    ROLE_LABELS,
    VOID_REQUEST_STATUS_LABELS,
    Translator,
)


class Command:
    """What every command receives: parsed options, the translator and where to write."""

    def __init__(self, args: argparse.Namespace, tr: Translator, out: TextIO, err: TextIO) -> None:
        self.args = args
        self.tr = tr
        self.documents = Translator(DOCUMENT_LANGUAGE)  # what files for people are written in
        self.out = out
        self.err = err
        self._database: Database | None = None
        self._signed_in: Actor | None = None
        self.password = ""

    def say(self, message: str, **params: object) -> None:
        print(self.tr(message, **params), file=self.out)

    def database(self) -> Database:
        """The database, opened on first use; with `--user` given (once it has accounts),
        only after that person signed in, so a wrong password is refused by every command
        that opens it, even one that only reads."""
        if self._database is None:
            database = open_database(database_target(self.args.db))
            self._database = database
            if self.args.user and users.has_users(database):
                password = os.environ.get(PASSWORD_ENV) or ask_password(
                    self.tr("Password: "), PASSWORD_ENV
                )
                self._signed_in = users.sign_in(database, self.args.user, password)
                self.password = password  # what `user password` checks again as the current one
        return self._database

    def output(self, text: str) -> Path:
        """The file an option names to write to; never one of the database's own files."""
        path = Path(text)
        if self.database().holds(path):
            raise DomainError(
                "{file} is the database itself: choose another file; nothing was written.",
                file=text,
            )
        return path

    def unit(self) -> Unit:
        """The office's display unit (rials before an office is set up)."""
        info = office.office_info(self.database())
        return info.display_unit if info else office.DEFAULT_DISPLAY_UNIT

    def amount(self, rials: int) -> str:
        """Rials as the office shows them, in the language's digits, with the unit."""
        return self.tr.amount(rials, self.unit())

    def actor(self) -> Actor:
        """The signed-in person a command acts for: every command that changes data, writes
        a file or reads a secret asks for one (the README lists those that do not).

        Until the database has accounts it is not protected and the command acts as an admin
        named after the computer's user; after that `--user` is required, with the password
        from ``CHARITY_PASSWORD`` or asked.
        """
        database = self.database()
        if self._signed_in is not None:
            return self._signed_in
        if not users.has_users(database):
            return Actor(getpass.getuser(), Role.ADMIN)
        raise DomainError(
            "This command changes data, writes a file or reads a secret: sign in with --user NAME."
        )


class NoPassword(Exception):
    """The input ended (or there is none) where a password was to be read."""

    def __init__(self, variable: str) -> None:
        super().__init__(variable)
        self.variable = variable  # the environment variable that would have given it


def ask_password(prompt: str, variable: str) -> str:
    """A password typed at a terminal (not echoed), or the next line of piped input;
    `NoPassword` (naming `variable`, which may give it instead) when the input has ended."""
    if sys.stdin is None:
        raise NoPassword(variable)
    if sys.stdin.isatty():
        try:
            return getpass.getpass(prompt)
        except EOFError:
            print(file=sys.stderr)  # end the prompt's line before the message
            raise NoPassword(variable) from None
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        print(file=sys.stderr)
        raise NoPassword(variable)
    return line.rstrip("\r\n")


PASSWORD_ENV = "CHARITY_PASSWORD"
NEW_PASSWORD_ENV = "CHARITY_NEW_PASSWORD"


def _date(text: str | None) -> dt.date | None:
    return parse_jalali(text) if text else None


def cmd_init(cmd: Command) -> int:
    args = cmd.args
    info = office.set_up_office(
        cmd.database(),
        name=args.office_name,
        code=args.office_code,
        province=args.province,
        county=args.county,
        display_unit=Unit(args.unit),
        actor=getpass.getuser(),
    )
    cmd.say("Office «{name}» ({code}) is set up.", name=info.name, code=info.code)
    return 0


def cmd_demo(cmd: Command) -> int:
    stored = demo.build_demo(
        cmd.database(),
        donations=cmd.args.donations,
        donors=cmd.args.donors,
        seed=cmd.args.seed,
        actor=cmd.actor(),
        today=today(),
    )
    cmd.say("Demo data stored: {count} donations.", count=stored)
    return 0


def cmd_import(cmd: Command) -> int:
    args = cmd.args
    drafts = read_donation_file(Path(args.file))
    try:
        report = donations.import_donations(
            cmd.database(),
            drafts,
            actor=cmd.actor(),
            create_missing=args.create_missing,
            dry_run=args.dry_run,
            accept_warnings=args.accept_warnings,
        )
    except ValidationFailed as failure:
        print(cmd.tr.error(failure), file=cmd.err)
        if failure.only_warnings:
            print(
                cmd.tr("Check these rows; if they are right, import again with --accept-warnings."),
                file=cmd.err,
            )
        return 1
    if report.dry_run:
        cmd.say("Dry run: {rows} rows are valid; nothing was stored.", rows=report.rows)
    else:
        cmd.say("{rows} rows imported.", rows=report.rows)
    cmd.say("Total: {amount}.", amount=cmd.amount(report.total_rials))
    if report.receipts:
        cmd.say("Receipts {first} to {last}.", first=report.receipts[0], last=report.receipts[1])
    for table, names in report.created.items():
        cmd.say(
            "Registered ({table}): {names}",
            table=cmd.tr(PART_LABELS.get(table, table)),
            names="، ".join(names),
        )
    return 0


LIST_HEADER = (
    "receipt_number",
    "date",
    "kind",
    "amount_rials",
    "channel",
    "intent",
    "donor_name",
    "donor_national_id",
    "county",
    "collection_point",
    "campaign",
    "collector",
    "description",
    "quantity",
    "quantity_unit",
    "hours",
    "clerk",
    "uuid",
)


def _csv_values(row: DonationRow) -> list[str]:
    hours = "" if row.service_minutes is None else f"{row.service_minutes / 60:g}"
    values = [
        row.receipt_number or "",
        format_jalali(row.donated_on, persian_digits=False),
        row.kind.value,
        str(row.amount_rials),
        row.channel.value,
        row.intent,
        row.donor_name or "",
        row.donor_national_id or "",
        row.county or "",
        row.collection_point or "",
        row.campaign or "",
        row.institution or "",
        row.description or "",
        row.quantity or "",
        row.quantity_unit or "",
        hours,
        row.clerk,
        row.uuid,
    ]
    return [safe_cell(value) for value in values]


def cmd_donations_list(cmd: Command) -> int:
    args = cmd.args
    database = cmd.database()
    criteria = DonationFilter(date_from=_date(args.date_from), date_to=_date(args.date_to))
    rows = donations.list_donations(database, criteria)
    if args.format == "csv":
        writer = csv.writer(cmd.out, lineterminator="\n")
        writer.writerow(LIST_HEADER)
        writer.writerows(_csv_values(row) for row in rows)
        return 0
    tr = cmd.tr
    for row in rows:
        donor = row.donor_name or tr("Anonymous donor")
        fields = [
            row.receipt_number or row.institution or "",
            tr.date(row.donated_on),
            tr(KIND_LABELS[row.kind]),
            cmd.amount(row.amount_rials),
            tr(CHANNEL_LABELS[row.channel]),
            row.intent,
            donor,
        ]
        print(" | ".join(fields), file=cmd.out)
    total = sum(row.amount_rials for row in rows)
    cmd.say("{count} donations, total {amount}.", count=len(rows), amount=cmd.amount(total))
    return 0


def cmd_receipt_print(cmd: Command) -> int:
    """Write the receipt, then count the print: a PDF that could not be written is not a print."""
    actor = cmd.actor()
    database = cmd.database()
    write_receipt(
        receipts.preview_receipt(database, cmd.args.number, actor=actor),
        cmd.output(cmd.args.out),
        paper=cmd.args.paper,
        tr=cmd.documents,
    )
    copy = receipts.print_receipt(database, cmd.args.number, actor=actor)
    if copy.is_reprint:
        cmd.say(
            "Reprint {count} of receipt {number} written to {file}.",
            count=copy.print_number - 1,
            number=copy.number,
            file=cmd.args.out,
        )
    else:
        cmd.say("Receipt {number} written to {file}.", number=copy.number, file=cmd.args.out)
    return 0


def cmd_receipt_void(cmd: Command) -> int:
    copy = receipts.void_receipt(
        cmd.database(), cmd.args.number, reason=cmd.args.reason, actor=cmd.actor()
    )
    cmd.say(
        "Receipt {number} is void. It keeps its number and has left every total.",
        number=copy.number,
    )
    return 0


def cmd_receipt_void_request(cmd: Command) -> int:
    request = corrections.request_void(
        cmd.database(), cmd.args.number, reason=cmd.args.reason, actor=cmd.actor()
    )
    cmd.say(
        "Void of receipt {number} requested; it stays counted until a supervisor decides.",
        number=request.number,
    )
    return 0


def cmd_donor_find(cmd: Command) -> int:
    found = donors.search_donors(cmd.database(), cmd.args.text)
    for donor in found:
        print(
            " | ".join(
                [
                    donor.uuid,
                    donor.name,
                    mask_identifier(donor.national_id) or "—",
                    donor.mobile or "—",
                ]
            ),
            file=cmd.out,
        )
    cmd.say("{count} donors found.", count=len(found))
    return 0


def cmd_donor_edit(cmd: Command) -> int:
    args = cmd.args
    donor = donors.edit_donor(
        cmd.database(),
        args.uuid,
        name=args.name,
        national_id=args.national_id,
        mobile=args.mobile,
        address=args.address,
        confirmed=args.confirm_id,
        actor=cmd.actor(),
    )
    cmd.say(
        "The details of {name} are saved; receipts already issued stay as they were.",
        name=donor.name,
    )
    return 0


def cmd_receipt_void_requests(cmd: Command) -> int:
    statuses = corrections.STATUSES if cmd.args.all else (corrections.PENDING,)
    rows = corrections.void_requests(cmd.database(), actor=cmd.actor(), statuses=statuses)
    tr = cmd.tr
    for row in rows:
        fields = [
            row.number,
            cmd.amount(row.amount_rials),
            row.donor_name or tr("Anonymous donor"),
            row.requested_by,
            tr.moment(row.requested_at),
            row.reason,
            tr(VOID_REQUEST_STATUS_LABELS[row.status]),
        ]
        if row.decided_by:
            fields.append(row.decided_by)
        if row.decision_note:
            fields.append(row.decision_note)
        print(" | ".join(fields), file=cmd.out)
    cmd.say("{count} void requests.", count=len(rows))
    return 0


def cmd_receipt_void_approve(cmd: Command) -> int:
    corrections.approve_void_request(cmd.database(), cmd.args.number, actor=cmd.actor())
    cmd.say(
        "Receipt {number} is void. It keeps its number and has left every total.",
        number=receipts.canonical_number(cmd.args.number),
    )
    return 0


def cmd_receipt_void_refuse(cmd: Command) -> int:
    corrections.refuse_void_request(
        cmd.database(), cmd.args.number, note=cmd.args.reason, actor=cmd.actor()
    )
    cmd.say(
        "The void of receipt {number} is refused; the donation stays counted.",
        number=receipts.canonical_number(cmd.args.number),
    )
    return 0


def cmd_receipt_day(cmd: Command) -> int:
    cmd.actor()  # it writes a file
    day = _date(cmd.args.date) or today()
    report = closing.day_closing(cmd.database(), day)
    write_day_closing(report, cmd.output(cmd.args.out), tr=cmd.documents)
    cmd.say(
        "Closing of {date}: {count} receipts, {voided} void; written to {file}.",
        date=day,
        count=len(report.receipts),
        voided=len(report.voided),
        file=cmd.args.out,
    )
    return 0


def cmd_receipt_verify(cmd: Command) -> int:
    checked = receipts.verify_code(cmd.database(), cmd.args.code)
    if not checked.genuine:
        cmd.say(
            "NOT GENUINE: the code does not match receipt {number} as stored.",
            number=checked.number,
        )
        return 1
    if checked.voided:
        cmd.say("Receipt {number} is genuine but VOID.", number=checked.number)
        return 1
    cmd.say(
        "Receipt {number} is genuine: {date}, {amount}.",
        number=checked.number,
        date=checked.donated_on,
        amount=cmd.amount(checked.amount_rials),
    )
    return 0


def _period(args: argparse.Namespace) -> summary.Period:
    if args.date_from or args.date_to:
        if not (args.date_from and args.date_to):
            raise DomainError("Give both --from and --to, or neither.")
        return summary.Period.between(parse_jalali(args.date_from), parse_jalali(args.date_to))
    year = jalali_year(today()) if args.year is None else args.year
    return summary.Period.of_months(year, args.months, args.first_month)


def cmd_report_summary(cmd: Command) -> int:
    args = cmd.args
    cmd.actor()  # it writes files
    report = summary.summarize(
        cmd.database(), _period(args), office_code=args.office, county=args.county
    )
    write_summary_pdf(report, cmd.output(args.out), tr=cmd.documents)
    written = [args.out]
    if args.xlsx:
        write_summary_xlsx(report, cmd.output(args.xlsx), tr=cmd.documents)
        written.append(args.xlsx)
    if args.press:
        private_file(cmd.output(args.press)).write_text(
            press_paragraph(report, cmd.documents) + "\n", encoding="utf-8"
        )
        written.append(args.press)
    cmd.say(
        "Summary of {period}: {total}; written to {files}.",
        period=summary_label(report, cmd.tr),
        total=cmd.tr.amount(report.grand_total.rials, report.office.display_unit),
        files="، ".join(written),
    )
    return 0


def cmd_office_card(cmd: Command) -> int:
    identity = cards.write_card(cmd.database(), cmd.output(cmd.args.out), actor=cmd.actor())
    cmd.say(
        "Office card of {code} written to {file}. It holds the exchange key: give it to the centre only.",
        code=identity.code,
        file=cmd.args.out,
    )
    return 0


def cmd_office_register(cmd: Command) -> int:
    identity = cards.register_card(
        cmd.database(), Path(cmd.args.card), actor=cmd.actor(), new_key=cmd.args.new_key
    )
    cmd.say(
        "Office {code} ({name}) is registered; its packages can be merged now.",
        code=identity.code,
        name=identity.name,
    )
    return 0


def cmd_office_list(cmd: Command) -> int:
    for office_ in exchange.registered_offices(cmd.database()):
        print(
            f"{office_.code}\t{office_.name}\t{office_.province}\t{office_.county}\t{office_.uuid}",
            file=cmd.out,
        )
    return 0


def cmd_office_set_ceiling(cmd: Command) -> int:
    rials = office.set_donation_ceiling(
        cmd.database(), cmd.args.amount, unit=Unit(cmd.args.unit), actor=cmd.actor()
    )
    cmd.say("The ceiling for one donation is now {amount}.", amount=cmd.amount(rials))
    return 0


def cmd_office_keep_choices(cmd: Command) -> int:
    keep = cmd.args.keep == "on"
    office.set_keep_entry_choices(cmd.database(), keep, actor=cmd.actor())
    if keep:
        cmd.say("The entry form now offers each clerk their last intent and kind.")
    else:
        cmd.say("The intent and kind are now chosen for each donation.")
    return 0


AUDIT_HEADER = ("at", "actor", "action", "entity", "entity_uuid", "details")


def cmd_audit_list(cmd: Command) -> int:
    args = cmd.args
    lines = audit_trail.audit_trail(
        cmd.database(),
        actor=cmd.actor(),
        date_from=_date(args.date_from),
        date_to=_date(args.date_to),
        person=args.person or "",
        record=args.record or "",
        limit=None,
    )
    if args.format == "csv":
        writer = csv.writer(cmd.out, lineterminator="\n")
        writer.writerow(AUDIT_HEADER)
        for line in lines:
            local = local_time(line.at)
            moment = f"{format_jalali(local.date(), persian_digits=False)} {local:%H:%M:%S}"
            values = (moment, line.actor, line.action, line.entity, line.entity_uuid or "")
            writer.writerow([safe_cell(value) for value in (*values, line.details)])
        return 0
    tr = cmd.tr
    for line in lines:
        action = AUDIT_ACTION_LABELS.get(line.action)
        fields = [
            tr.moment(line.at),
            line.actor,
            tr(action) if action else line.action,
            tr.audit_record(line.entity),
            line.entity_uuid or "",
            tr.audit_details(line.details),
        ]
        print(" | ".join(fields), file=cmd.out)
    cmd.say("{count} audit entries.", count=len(lines))
    return 0


def cmd_export(cmd: Command) -> int:
    manifest = export_package(
        cmd.database(), cmd.output(cmd.args.out), since=_date(cmd.args.since), actor=cmd.actor()
    )
    cmd.say(
        "Package written to {file}: {count} donations ({voided} void) and {donors} donors.",
        file=cmd.args.out,
        count=manifest["counts"]["donations"],
        voided=manifest["voided"],
        donors=manifest["counts"]["donors"],
    )
    return 0


def cmd_merge(cmd: Command) -> int:
    database = cmd.database()
    actor = cmd.actor()  # before the package is checked with the key it was signed with
    report = merge_package(database, Path(cmd.args.file), dry_run=cmd.args.dry_run, actor=actor)
    if report.dry_run:
        cmd.say(
            "Dry run of the package of {code} ({name}); nothing was stored:",
            code=report.office_code,
            name=report.office_name,
        )
    else:
        cmd.say(
            "Package of {code} ({name}) merged:", code=report.office_code, name=report.office_name
        )
    for part, (added, updated) in report.counts.items():
        cmd.say(
            "{part}: {added} added, {updated} updated",
            part=cmd.tr(PART_LABELS[part]),
            added=added,
            updated=updated,
        )
    for mapping in report.mappings:
        cmd.say(
            MAPPING_MESSAGES[mapping.owner],
            part=cmd.tr(PART_LABELS[mapping.part]),
            name=mapping.name,
            target=mapping.target,
        )
    if not report.changed:
        cmd.say("Nothing new: this package was merged before.")
    return 0


def cmd_backup(cmd: Command) -> int:
    actor = cmd.actor()  # a backup holds every secret of the database
    path = (
        backups.copy_out(cmd.database(), cmd.output(cmd.args.out), actor=actor)
        if cmd.args.out
        else backups.make_backup(cmd.database())
    )
    cmd.say("Backup written to {file}.", file=str(path))
    return 0


def cmd_restore(cmd: Command) -> int:
    aside = backups.restore(
        cmd.database(),
        Path(cmd.args.file),
        actor=cmd.actor(),
        other_office=cmd.args.other_office,
    )
    cmd.say(
        "Restored from {file}. The database as it was is kept at {aside}.",
        file=cmd.args.file,
        aside=str(aside),
    )
    return 0


def _say_audit_chain(cmd: Command, entries: int, head: str) -> None:
    cmd.say("Audit chain: {count} entries, head {hash}.", count=entries, hash=head)


def _say_anchor(cmd: Command, anchor: Path | None) -> None:
    if anchor is None:
        cmd.say("No anchor of the audit chain was found outside the database to compare it with.")
    else:
        cmd.say("The audit chain reaches its anchor {file}.", file=str(anchor))


def cmd_verify(cmd: Command) -> int:
    report = backups.verify(cmd.database())
    for problem in report.problems:
        print(cmd.tr.finding(problem), file=cmd.out)
    if report.sound:
        cmd.say(
            "The database is sound: integrity and foreign keys checked, schema {revision}, {series} receipt series without gaps.",
            revision=cmd.tr.digits(report.revision or "?"),
            series=report.series_checked,
        )
        _say_audit_chain(cmd, report.audit_entries, report.audit_head)
        _say_anchor(cmd, report.anchor)
        return 0
    cmd.say("The database has {count} problem(s), listed above.", count=len(report.problems))
    return 1


def cmd_migrate_to(cmd: Command) -> int:
    actor = cmd.actor()  # before the server's database is touched
    target = open_database(cmd.args.url)
    report = migration.migrate_to(cmd.database(), target, actor=actor)
    target.close()
    cmd.say(
        "Copied to {url}: {donations} donations, {donors} donors, {receipts} receipts, {amount} in all; every table and total matches.",
        url=target.describe(),
        donations=report.rows.get("donations", 0),
        donors=report.rows.get("donors", 0),
        receipts=report.rows.get("receipts", 0),
        amount=cmd.amount(report.rials),
    )
    _say_audit_chain(cmd, report.audit_entries, report.audit_head)
    return 0


def _new_password(cmd: Command) -> str:
    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is not None:
        return password
    first = ask_password(cmd.tr("New password: "), NEW_PASSWORD_ENV)
    if first != ask_password(cmd.tr("The new password again: "), NEW_PASSWORD_ENV):
        raise DomainError("The two passwords differ.")
    return first


def cmd_user_add(cmd: Command) -> int:
    database = cmd.database()
    actor = cmd.actor() if users.has_users(database) else None
    info = users.add_user(
        database, cmd.args.name, Role(cmd.args.role), _new_password(cmd), actor=actor
    )
    cmd.say("User {name} ({role}) added.", name=info.name, role=cmd.tr(ROLE_LABELS[info.role]))
    return 0


def cmd_user_list(cmd: Command) -> int:
    for info in users.list_users(cmd.database()):
        state = "" if info.active else cmd.tr("(disabled)")
        print(f"{info.name}\t{cmd.tr(ROLE_LABELS[info.role])}\t{state}".rstrip(), file=cmd.out)
    return 0


def cmd_user_active(cmd: Command) -> int:
    users.set_active(
        cmd.database(), cmd.args.name, cmd.args.user_command == "enable", actor=cmd.actor()
    )
    if cmd.args.user_command == "enable":
        cmd.say("User {name} is enabled.", name=cmd.args.name)
    else:
        cmd.say("User {name} is disabled.", name=cmd.args.name)
    return 0


def cmd_user_unlock(cmd: Command) -> int:
    users.unlock_user(cmd.database(), cmd.args.name, actor=cmd.actor())
    cmd.say("User {name} is unlocked.", name=cmd.args.name)
    return 0


def cmd_user_password(cmd: Command) -> int:
    actor = cmd.actor()
    new = _new_password(cmd)
    users.change_own_password(cmd.database(), cmd.password, new, new, actor=actor)
    cmd.say("Your password is changed.")
    return 0


def cmd_user_reset_password(cmd: Command) -> int:
    users.reset_password(cmd.database(), cmd.args.name, _new_password(cmd), actor=cmd.actor())
    cmd.say("User {name} has a new password.", name=cmd.args.name)
    return 0


def cmd_screenshots(cmd: Command) -> int:
    from charity_desktop.app import screenshots

    written = screenshots(Path(cmd.args.out), language=cmd.tr.language, scale=cmd.args.scale)
    cmd.say("{count} screenshots written to {folder}.", count=written, folder=cmd.args.out)
    return 0


def cmd_gui(cmd: Command) -> int:
    from charity_desktop.app import run_gui

    return run_gui(database_target(cmd.args.db), language=cmd.tr.language)


def build_parser(tr: Translator) -> Parser:
    """The command line's grammar: option names in English, help and messages in `tr`'s language."""
    number = WholeNumber(tr)
    parser = Parser(
        tr,
        prog="charity-desktop",
        description=tr("Charity Desktop: donations, receipts and summaries."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=__version__,
        help=tr("print the program's version and leave"),
    )
    parser.add_argument(
        "--db", help=tr("database file or URL (default: CHARITY_DB, else the user data directory)")
    )
    parser.add_argument(
        "--user",
        help=tr("sign in as this user (password: {variable}, or asked)", variable=PASSWORD_ENV),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help=tr("language of messages and windows"),
    )
    commands = parser.add_subparsers(dest="command", title=tr("commands"))

    init = commands.add_parser("init", help=tr("set up this database's office"))
    init.add_argument("--office-name", required=True)
    init.add_argument("--office-code", required=True, help=tr("2-10 Latin letters/digits, e.g. ZN"))
    init.add_argument("--province", required=True)
    init.add_argument("--county", required=True)
    init.add_argument(
        "--unit",
        choices=[u.value for u in Unit],
        default=office.DEFAULT_DISPLAY_UNIT.value,
        help=tr("the unit amounts are shown in"),
    )
    init.set_defaults(handler=cmd_init)

    demo_parser = commands.add_parser(
        "demo", help=tr("fill the database with a realistic demo office")
    )
    demo_parser.add_argument("--donations", type=number, default=5000)
    demo_parser.add_argument(
        "--donors", type=number, default=None, help=tr("default: one per eight donations")
    )
    demo_parser.add_argument("--seed", type=number, default=1)
    demo_parser.set_defaults(handler=cmd_demo)

    imp = commands.add_parser("import", help=tr("import donations from a .csv or .xlsx file"))
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help=tr("check everything, store nothing"))
    imp.add_argument(
        "--create-missing", action="store_true", help=tr("register unknown catalogue names")
    )
    imp.add_argument(
        "--accept-warnings",
        action="store_true",
        help=tr("store rows whose only problems are unusual values (checked by hand)"),
    )
    imp.set_defaults(handler=cmd_import)

    donations_parser = commands.add_parser("donations", help=tr("donations"))
    donation_commands = donations_parser.add_subparsers(dest="donations_command", required=True)
    listing = donation_commands.add_parser("list", help=tr("list donations"))
    listing.add_argument("--from", dest="date_from", help=tr("Jalali date, e.g. 1404/01/01"))
    listing.add_argument("--to", dest="date_to", help=tr("Jalali date, e.g. 1404/09/30"))
    listing.add_argument("--format", choices=("table", "csv"), default="table")
    listing.set_defaults(handler=cmd_donations_list)

    donor_parser = commands.add_parser("donor", help=tr("find donors and correct their details"))
    donor_commands = donor_parser.add_subparsers(dest="donor_command", required=True)
    finding = donor_commands.add_parser("find", help=tr("find donors as the entry form does"))
    finding.add_argument("text", help=tr("name, mobile or national ID (or their first digits)"))
    finding.set_defaults(handler=cmd_donor_find)
    editing = donor_commands.add_parser(
        "edit", help=tr("correct a donor's details (the options given; audited)")
    )
    editing.add_argument("uuid", help=tr("the donor's UUID, as `donor find` prints it"))
    editing.add_argument("--name")
    editing.add_argument("--national-id", help=tr("national ID, or 11 digits for a legal entity"))
    editing.add_argument("--mobile")
    editing.add_argument("--address")
    editing.add_argument(
        "--confirm-id",
        action="store_true",
        help=tr("an unusual national ID (ten equal digits) was checked on the card"),
    )
    editing.set_defaults(handler=cmd_donor_edit)

    receipt_parser = commands.add_parser("receipt", help=tr("print, void and check receipts"))
    receipt_commands = receipt_parser.add_subparsers(dest="receipt_command", required=True)
    printing = receipt_commands.add_parser(
        "print", help=tr("write a receipt PDF (again: a reprint)")
    )
    printing.add_argument("number", help=tr("e.g. ZN-1404-000123"))
    printing.add_argument("--out", required=True, help=tr("PDF file to write"))
    printing.add_argument(
        "--paper", choices=PAPERS, default="a5", help=tr("an A5 sheet or an 80 mm roll")
    )
    printing.set_defaults(handler=cmd_receipt_print)
    voiding = receipt_commands.add_parser("void", help=tr("void a receipt (it keeps its number)"))
    voiding.add_argument("number")
    voiding.add_argument("--reason", required=True)
    voiding.set_defaults(handler=cmd_receipt_void)
    asking = receipt_commands.add_parser(
        "void-request", help=tr("ask a supervisor to void a receipt")
    )
    asking.add_argument("number")
    asking.add_argument("--reason", required=True)
    asking.set_defaults(handler=cmd_receipt_void_request)
    queue = receipt_commands.add_parser(
        "void-requests", help=tr("list void requests waiting for a supervisor")
    )
    queue.add_argument("--all", action="store_true", help=tr("decided requests too"))
    queue.set_defaults(handler=cmd_receipt_void_requests)
    approving = receipt_commands.add_parser(
        "void-approve", help=tr("approve a void request: the receipt is voided")
    )
    approving.add_argument("number")
    approving.set_defaults(handler=cmd_receipt_void_approve)
    refusing = receipt_commands.add_parser(
        "void-refuse", help=tr("refuse a void request: the donation stays")
    )
    refusing.add_argument("number")
    refusing.add_argument("--reason", required=True)
    refusing.set_defaults(handler=cmd_receipt_void_refuse)
    day = receipt_commands.add_parser("day", help=tr("the daily closing report"))
    day.add_argument("--date", help=tr("Jalali date (default: today)"))
    day.add_argument("--out", required=True, help=tr("PDF file to write"))
    day.set_defaults(handler=cmd_receipt_day)
    verify = receipt_commands.add_parser("verify", help=tr("check the text of a receipt's QR code"))
    verify.add_argument("code", help=tr("CD1|number|date|amount|check"))
    verify.set_defaults(handler=cmd_receipt_verify)

    report_parser = commands.add_parser("report", help=tr("period summaries"))
    report_commands = report_parser.add_subparsers(dest="report_command", required=True)
    summary_parser = report_commands.add_parser(
        "summary", help=tr("summary of a Solar Hijri period")
    )
    summary_parser.add_argument(
        "--year", type=number, help=tr("Solar Hijri year (default: this year)")
    )
    summary_parser.add_argument(
        "--months",
        type=number,
        default=12,
        choices=range(1, 13),
        metavar="N",
        help=tr("whole months from --first-month (9: the nine months)"),
    )
    summary_parser.add_argument(
        "--first-month", type=number, default=1, choices=range(1, 13), metavar="M"
    )
    summary_parser.add_argument(
        "--from", dest="date_from", help=tr("Jalali date (with --to, instead of --year/--months)")
    )
    summary_parser.add_argument("--to", dest="date_to")
    summary_parser.add_argument(
        "--office", help=tr("only this office's code (provincial databases)")
    )
    summary_parser.add_argument("--county", help=tr("only this county"))
    summary_parser.add_argument("--out", required=True, help=tr("PDF file to write"))
    summary_parser.add_argument("--xlsx", help=tr("also write the tables to this .xlsx file"))
    summary_parser.add_argument(
        "--press", help=tr("also write the press paragraph to this text file")
    )
    summary_parser.set_defaults(handler=cmd_report_summary)

    office_parser = commands.add_parser(
        "office", help=tr("offices this database knows (provincial centre)")
    )
    office_commands = office_parser.add_subparsers(dest="office_command", required=True)
    card = office_commands.add_parser(
        "card", help=tr("write this office's identity card for the centre")
    )
    card.add_argument("--out", required=True)
    card.set_defaults(handler=cmd_office_card)
    register = office_commands.add_parser(
        "register", help=tr("register a county office from its card")
    )
    register.add_argument("card")
    register.add_argument(
        "--new-key",
        action="store_true",
        help=tr("the card of an office already registered carries a new key: take it"),
    )
    register.set_defaults(handler=cmd_office_register)
    office_commands.add_parser("list", help=tr("list known offices")).set_defaults(
        handler=cmd_office_list
    )
    ceiling = office_commands.add_parser(
        "set-ceiling", help=tr("set the most one donation may be (supervisors)")
    )
    ceiling.add_argument("amount")
    ceiling.add_argument("--unit", choices=[unit.value for unit in Unit], default=Unit.RIAL.value)
    ceiling.set_defaults(handler=cmd_office_set_ceiling)
    keep = office_commands.add_parser(
        "keep-choices",
        help=tr("offer each clerk their last intent and kind in the window (supervisors)"),
    )
    keep.add_argument("keep", choices=["on", "off"])
    keep.set_defaults(handler=cmd_office_keep_choices)

    audit_parser = commands.add_parser(
        "audit", help=tr("the audit trail (auditors, supervisors, admins)")
    )
    audit_commands = audit_parser.add_subparsers(dest="audit_command", required=True)
    audit_list = audit_commands.add_parser("list", help=tr("list audit entries, newest first"))
    audit_list.add_argument("--from", dest="date_from", help=tr("Jalali date, e.g. 1404/01/01"))
    audit_list.add_argument("--to", dest="date_to", help=tr("Jalali date, e.g. 1404/09/30"))
    audit_list.add_argument("--user", dest="person", help=tr("only this person's entries"))
    audit_list.add_argument(
        "--record", help=tr("only entries about this record (kind, UUID or receipt number)")
    )
    audit_list.add_argument("--format", choices=("table", "csv"), default="table")
    audit_list.set_defaults(handler=cmd_audit_list)

    export = commands.add_parser("export", help=tr("write an exchange package for the centre"))
    export.add_argument("--out", required=True)
    export.add_argument("--since", help=tr("Jalali date: donations dated or voided since then"))
    export.set_defaults(handler=cmd_export)
    merge = commands.add_parser("merge", help=tr("merge a county office's exchange package"))
    merge.add_argument("file")
    merge.add_argument("--dry-run", action="store_true")
    merge.set_defaults(handler=cmd_merge)
    backup = commands.add_parser("backup", help=tr("a consistent copy of the database"))
    backup.add_argument("--out", help=tr("file to write (default: the backups folder, rotated)"))
    backup.set_defaults(handler=cmd_backup)
    restore = commands.add_parser("restore", help=tr("replace the database with a checked backup"))
    restore.add_argument("file")
    restore.add_argument(
        "--other-office",
        action="store_true",
        help=tr("accept another office's database (admins only)"),
    )
    restore.set_defaults(handler=cmd_restore)
    commands.add_parser(
        "verify", help=tr("check the database's integrity and receipt series")
    ).set_defaults(handler=cmd_verify)
    migrate = commands.add_parser(
        "migrate-to",
        help=tr("copy this database into an empty one on a server and check the copy"),
    )
    migrate.add_argument("url", help=tr("e.g. postgresql+psycopg://user@host/dbname"))
    migrate.set_defaults(handler=cmd_migrate_to)

    user_parser = commands.add_parser("user", help=tr("user accounts"))
    user_commands = user_parser.add_subparsers(dest="user_command", required=True)
    adding = user_commands.add_parser(
        "add", help=tr("add a user (password asked, or {variable})", variable=NEW_PASSWORD_ENV)
    )
    adding.add_argument("name")
    adding.add_argument("--role", choices=[r.value for r in Role], required=True)
    adding.set_defaults(handler=cmd_user_add)
    user_commands.add_parser("list", help=tr("list users")).set_defaults(handler=cmd_user_list)
    unlocking = user_commands.add_parser(
        "unlock", help=tr("lift the lock wrong passwords put on a user")
    )
    unlocking.add_argument("name")
    unlocking.set_defaults(handler=cmd_user_unlock)
    user_commands.add_parser(
        "password",
        help=tr(
            "change your own password (the new one asked, or {variable})", variable=NEW_PASSWORD_ENV
        ),
    ).set_defaults(handler=cmd_user_password)
    resetting = user_commands.add_parser(
        "reset-password",
        help=tr("give a user a new password (asked, or {variable})", variable=NEW_PASSWORD_ENV),
    )
    resetting.add_argument("name")
    resetting.set_defaults(handler=cmd_user_reset_password)
    for verb, verb_help in (("disable", tr("disable a user")), ("enable", tr("enable a user"))):
        toggling = user_commands.add_parser(verb, help=verb_help)
        toggling.add_argument("name")
        toggling.set_defaults(handler=cmd_user_active)

    shots = commands.add_parser("screenshots", help=tr("render the main screens offscreen to PNG"))
    shots.add_argument("--out", required=True, help=tr("folder for the PNG files"))
    shots.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help=tr("the screen's scaling, such as 1.5 for 150% (a 1920×1080 screen is rendered)"),
    )
    shots.set_defaults(handler=cmd_screenshots)
    return parser


# argparse's own messages, which it reads through gettext's process-wide domain (that
# follows the environment's language, not --lang): `Parser` hands them to our catalog.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


class Parser(argparse.ArgumentParser):
    """argparse with every word it prints in `tr`'s language; a usage error prints the
    command's usage and one line saying what was wrong, and exits with status 2."""

    def __init__(self, tr: Translator, **kwargs: Any) -> None:
        self.tr = tr
        with self._translated():
            super().__init__(**kwargs)

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        original = argparse._  # type: ignore[attr-defined]
        argparse._ = self.tr  # type: ignore[attr-defined]
        try:
            yield
        finally:
            argparse._ = original  # type: ignore[attr-defined]

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", functools.partial(Parser, self.tr))
        kwargs.setdefault("metavar", self.tr("COMMAND"))
        return super().add_subparsers(**kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with self._translated():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with self._translated():
            return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        with self._translated():
            return super().format_help()

    def format_usage(self) -> str:
        with self._translated():
            return super().format_usage()

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, self.tr("{program}: {problem}", program=self.prog, problem=message) + "\n")


class WholeNumber:
    """argparse's type for counts and years: either digit set, and named in the language in
    argparse's message about a value that is not one."""

    def __init__(self, tr: Translator) -> None:
        self.__name__ = tr("whole number")

    def __call__(self, text: str) -> int:
        return int(to_ascii_digits(text))


def _language(argv: Sequence[str]) -> str:
    """The --lang given last in `argv` (read before the parser is built, which speaks it)."""
    language = DEFAULT_LANGUAGE
    for index, word in enumerate(argv):
        if word.startswith("--lang="):
            chosen = word.partition("=")[2]
        elif word == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        else:
            continue
        if chosen in LANGUAGES:
            language = chosen  # the last one counts, as for argparse
    return language


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run one command; return the exit status (0 done, 1 refused or failed, 2 usage).

    Whatever goes wrong ends in one line in the chosen language on `err`: a refusal in its
    own words; anything unexpected (logged with its traceback) naming the log file.
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    tr = Translator(_language(arguments))
    args = build_parser(tr).parse_args(arguments)
    cmd = Command(args, tr, out or sys.stdout, err or sys.stderr)
    handler = getattr(args, "handler", cmd_gui)
    try:
        return int(handler(cmd))
    except (DomainError, InvalidInput) as refusal:
        print(tr.error(refusal), file=cmd.err)
        return 1
    except NoPassword as missing:
        print(
            tr(
                "No password was given: set {variable} or run the command at a terminal; nothing was done.",
                variable=missing.variable,
            ),
            file=cmd.err,
        )
        return 2
    except KeyboardInterrupt:
        print(tr("Stopped; whatever was not finished was not saved."), file=cmd.err)
        return 130
    except BrokenPipeError:  # the reader of the output went away (| head): nothing to say
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # every other failure: one line, the details in the log
        print(failure_message(tr, error, f"command {args.command or 'window'}"), file=cmd.err)
        return 1
