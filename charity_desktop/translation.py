"""Message catalogs: English ids in code, Persian (and any later language) in ``i18n/``.

The ``.po`` files are compiled with Babel when the program starts, so there is no
generated file to keep in step. `python -m charity_desktop.translation` re-extracts the ids and
updates the catalogs after code changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

from charity_desktop.domain.enums import Channel, DonationKind
from charity_desktop.domain.errors import DomainError, FieldProblem, Finding, ValidationFailed
from charity_desktop.domain.users import Role
from charity_desktop.paths import compiled_catalog_dir, resource_dir
from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.jalali import format_jalali, local_time
from charity_desktop.persian.money import (
    PERSIAN_DECIMAL_SEPARATOR,
    PERSIAN_THOUSANDS_SEPARATOR,
    Unit,
    format_amount,
    format_number,
)
from charity_desktop.persian.text import to_ascii_digits, to_persian_digits

LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "fa"
# Receipts, closings, summaries and press texts go to donors, auditors and the press: they are
# written in Persian whatever language the window or the command line speaks.
DOCUMENT_LANGUAGE = "fa"
DOMAIN = "messages"
# Calls whose string argument is a message id, for extraction: name -> argument position.
KEYWORDS: dict[str, int] = {
    "_": 1,
    "N_": 1,
    "tr": 1,
    "tr_": 1,
    "InvalidInput": 1,
    "DomainError": 1,
    "NotFound": 1,
    "Cancelled": 1,
    "PermissionDenied": 1,
    "SignInFailed": 1,
    "AccountLocked": 1,
    "StorageError": 1,
    "FieldProblem": 2,
    "say": 1,
    "_refuse": 2,
    "Finding": 1,
}
_LATIN_SEPARATORS = str.maketrans(
    {PERSIAN_THOUSANDS_SEPARATOR: ",", PERSIAN_DECIMAL_SEPARATOR: ".", "،": ","}
)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it here."""
    return message


def catalog_dir() -> Path:
    """Folder holding ``messages.pot`` and ``<lang>/LC_MESSAGES/messages.po``."""
    return resource_dir("i18n")


@cache
def _translations(language: str) -> NullTranslations:
    """The language's catalog, compiled from its .po once per change of the .po and kept in
    the user's cache folder: compiling needs Babel, which would slow every start."""
    po_file = catalog_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not po_file.exists():
        return NullTranslations()
    source = po_file.read_bytes()
    compiled = (
        compiled_catalog_dir() / f"{DOMAIN}-{language}-{hashlib.sha256(source).hexdigest()[:16]}.mo"
    )
    try:
        with compiled.open("rb") as handle:
            return GNUTranslations(handle)
    except (OSError, ValueError):  # not compiled yet, or a damaged file: compile again
        pass
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.BytesIO(source), locale=language))
    with contextlib.suppress(OSError):  # a read-only cache only costs the next start time
        compiled.parent.mkdir(parents=True, exist_ok=True)
        partial = compiled.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(buffer.getvalue())
        partial.replace(compiled)
    buffer.seek(0)
    return GNUTranslations(buffer)


class Translator:
    """Turns message ids, errors, numbers, amounts and dates into text in one language:
    Persian digits and `٬` in Persian, Latin digits and `,` in English."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.language = language
        self._catalog = _translations(language)

    @property
    def right_to_left(self) -> bool:
        return self.language == "fa"

    def digits(self, text: str) -> str:
        """`text` with the language's digits and separators (codes and names are kept)."""
        if self.language == "fa":
            return to_persian_digits(text)
        return to_ascii_digits(text).translate(_LATIN_SEPARATORS)

    def number(self, value: int) -> str:
        """12600000 as ۱۲٬۶۰۰٬۰۰۰ (Persian) or 12,600,000 (English)."""
        return format_number(value) if self.language == "fa" else f"{value:,}"

    def amount(self, rials: int, unit: Unit) -> str:
        """Rials shown in `unit`, with the unit's name after them."""
        return f"{self.digits(format_amount(rials, unit))} {self.unit_name(unit)}"

    def unit_name(self, unit: Unit) -> str:
        """ "تومان" or "toman"."""
        return self(UNIT_LABELS[unit])

    def date(self, day: dt.date) -> str:
        """A Solar Hijri date: ۱۴۰۴/۰۹/۳۰ (Persian) or 1404/09/30 (English)."""
        return format_jalali(day, persian_digits=self.language == "fa")

    def moment(self, at: dt.datetime) -> str:
        """A stored (UTC) moment in this computer's time: its Solar Hijri date and HH:MM."""
        local = local_time(at) if at.tzinfo is None else at.astimezone()
        return f"{self.date(local.date())} {self.digits(local.strftime('%H:%M'))}"

    def _param(self, value: Any) -> str:
        if isinstance(value, Finding):
            return self(value.message, **value.params)
        if isinstance(value, Role):
            return self(ROLE_LABELS[value])
        if isinstance(value, Unit):
            return self.unit_name(value)
        if isinstance(value, dt.datetime):
            return self.moment(value)
        if isinstance(value, dt.date):
            return self.date(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return self.number(value)
        text = str(value)
        return text if self.language == "fa" else self.digits(text)

    def __call__(self, message: str, **params: Any) -> str:
        """`message` translated, with `params` placed into its ``{placeholders}``: whole
        numbers, dates, moments, roles and findings are written in the language; other text
        keeps its words (in English its digits become Latin ones)."""
        if not message:
            return ""
        text = self._catalog.gettext(message)
        if not params:
            return text
        return text.format(**{key: self._param(value) for key, value in params.items()})

    def audit_record(self, entity: str) -> str:
        """What an audit entry is about (its entity), as the viewer names it."""
        label = AUDIT_ENTITY_LABELS.get(entity) or PART_LABELS.get(entity)
        return self(label) if label else entity

    def audit_details(self, details: str) -> str:
        """An audit entry's details (JSON) as «name: value» pairs: the names in the language,
        the values as recorded, numbers in the language's digits (in Persian also the digits
        of the recorded text, but UUIDs, hashes and receipt numbers are codes: their digits
        stay)."""
        try:
            parsed: Any = json.loads(details)
        except ValueError:
            parsed = details
        text = self._pairs(parsed) if isinstance(parsed, dict) else self._detail("", parsed)
        if self.language != "fa":
            return text
        return "".join(
            part if _CODE.fullmatch(part) else to_persian_digits(part) for part in _CODE.split(text)
        )

    def _pairs(self, values: dict[str, Any]) -> str:
        return self._joined(
            f"{self(AUDIT_DETAIL_LABELS[key]) if key in AUDIT_DETAIL_LABELS else key}: "
            f"{self._detail(key, value)}"
            for key, value in values.items()
        )

    def _joined(self, parts: Iterable[str]) -> str:
        return ("، " if self.language == "fa" else ", ").join(parts)

    def _detail(self, key: str, value: Any) -> str:
        """One value of an entry's details (`key` names it); what it holds in brackets."""
        if isinstance(value, dict):
            return f"({self._pairs(value)})"
        if isinstance(value, list):
            return f"({self._joined(self._detail(key, item) for item in value)})"
        if isinstance(value, bool):
            return self(N_("yes") if value else N_("no"))
        if value is None:
            return "—"
        if isinstance(value, str) and key in _NAMED_VALUES:
            with contextlib.suppress(ValueError):
                return self._param(_NAMED_VALUES[key](value))
        return self.number(value) if isinstance(value, int) else str(value)

    def finding(self, finding: Finding) -> str:
        """What a check found, in words."""
        return self(finding.message, **finding.params)

    def problem(self, problem: FieldProblem) -> str:
        """ "Row 12, amount: ..." (the row only for files)."""
        field = self(FIELD_LABELS.get(problem.field, problem.field))
        text = self(problem.message, **problem.params)
        if problem.row is None:
            return self(N_("{field}: {text}"), field=field, text=text)
        return self(N_("Row {row}, {field}: {text}"), row=problem.row, field=field, text=text)

    def error(self, error: BaseException) -> str:
        """What went wrong, for a person: a refusal of the core in its own words, a file the
        system would not give in the file's name and the system's reason, the end of the
        input, and anything else as an unexpected error (see `logs.failure_message`)."""
        if isinstance(error, ValidationFailed):
            return "\n".join(self.problem(problem) for problem in error.problems)
        if isinstance(error, DomainError | InvalidInput):
            return self(error.message, **error.params)
        if isinstance(error, OSError) and error.errno in OS_REASONS:
            reason = self(OS_REASONS[error.errno])
            if error.filename is None:
                return self(N_("A file could not be read or written: {reason}."), reason=reason)
            return self(
                N_("The file or folder {name} cannot be used: {reason}."),
                name=error.filename,
                reason=reason,
            )
        if isinstance(error, EOFError):
            return self(N_("The input ended before the command had what it asked for."))
        return self(N_("An unexpected error stopped the work ({kind})."), kind=type(error).__name__)


# Why the system refused a file, as people read it (the keys are errno codes).
OS_REASONS: dict[int, str] = {
    errno.ENOENT: N_("it does not exist"),
    errno.EACCES: N_("permission is denied"),
    errno.EPERM: N_("permission is denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of its path is not a folder"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EEXIST: N_("it exists already"),
    errno.ENAMETOOLONG: N_("its name is too long"),
}
# Field names used in problems, as people read them.
FIELD_LABELS: dict[str, str] = {
    "date": N_("date"),
    "kind": N_("kind"),
    "amount": N_("amount"),
    "unit": N_("unit"),
    "donor_name": N_("donor name"),
    "donor_national_id": N_("donor national ID"),
    "donor_mobile": N_("donor mobile"),
    "donor_address": N_("donor address"),
    "intent": N_("intent"),
    "channel": N_("channel"),
    "county": N_("county"),
    "collection_point": N_("collection point"),
    "campaign": N_("campaign"),
    "collector": N_("collector"),
    "description": N_("description"),
    "quantity": N_("quantity"),
    "quantity_unit": N_("quantity unit"),
    "hours": N_("hours"),
    "file": N_("file"),
    "columns": N_("columns"),
    "office_name": N_("office name"),
    "office_code": N_("office code"),
    "province": N_("province"),
    "void_reason": N_("void reason"),
    "name": N_("name"),
    "password": N_("password"),
    "password_again": N_("the password again"),
    "idle_lock": N_("idle lock"),
    "ceiling": N_("ceiling per donation"),
    "replaces": N_("replaced receipt"),
    "tracking_number": N_("tracking number"),
    "clerk": N_("clerk"),
    "receipt_number": N_("receipt number"),
    "voided_by": N_("voided by"),
    "license_number": N_("license number"),
    "snapshot": N_("receipt snapshot"),
    "uuid": N_("record ID"),
    "donation": N_("donation"),
    "donor_type": N_("donor type"),
    "created_at": N_("time recorded"),
    "voided_at": N_("time voided"),
    "issued_at": N_("time issued"),
    "last_printed_at": N_("time last printed"),
    "print_count": N_("print count"),
    "sort_order": N_("order in lists"),
    "is_active": N_("in use"),
    "is_religious": N_("religious duty"),
    "starts_on": N_("start date"),
    "ends_on": N_("end date"),
}


KIND_LABELS: dict[DonationKind, str] = {
    DonationKind.CASH: N_("Cash"),
    DonationKind.IN_KIND: N_("In-kind"),
    DonationKind.SERVICE: N_("Volunteer service"),
}
CHANNEL_LABELS: dict[Channel, str] = {
    Channel.DESK: N_("At the desk"),
    Channel.POS: N_("Card reader"),
    Channel.BANK_TRANSFER: N_("Bank transfer"),
    Channel.USSD: N_("USSD code"),
    Channel.ONLINE: N_("Online"),
    Channel.COLLECTION_BOX: N_("Collection box"),
}


UNIT_LABELS: dict[Unit, str] = {
    Unit.RIAL: N_("rial"),
    Unit.TOMAN: N_("toman"),
}
ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: N_("clerk"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.ADMIN: N_("admin"),
    Role.AUDITOR: N_("auditor"),
}
# Parts of an exchange package, as a merge report names them.
PART_LABELS: dict[str, str] = {
    "counties": N_("counties"),
    "collection_points": N_("collection points"),
    "intents": N_("intents"),
    "campaigns": N_("campaigns"),
    "institutions": N_("charity institutions"),
    "donors": N_("donors"),
    "donations": N_("donations"),
    "receipts": N_("receipts"),
}
# Where a clerk's request to void a receipt stands.
VOID_REQUEST_STATUS_LABELS: dict[str, str] = {
    "pending": N_("waiting"),
    "approved": N_("approved"),
    "refused": N_("refused"),
}
# What an audit entry records, as the audit-trail viewer names it (an action not listed here
# is shown by its id).
AUDIT_ACTION_LABELS: dict[str, str] = {
    "office_set_up": N_("office set up"),
    "office_changed": N_("office details changed"),
    "setting_changed": N_("setting changed"),
    "catalogue_added": N_("catalogue entry added"),
    "catalogue_renamed": N_("catalogue entry renamed"),
    "donation_recorded": N_("donation recorded"),
    "donations_imported": N_("donations imported"),
    "demo_data": N_("demo data added"),
    "receipt_printed": N_("receipt printed"),
    "receipt_reprinted": N_("receipt reprinted"),
    "receipt_voided": N_("receipt voided"),
    "void_requested": N_("void requested"),
    "void_request_approved": N_("void request approved"),
    "void_request_refused": N_("void request refused"),
    "password_changed": N_("password changed"),
    "password_reset": N_("password reset by an admin"),
    "donor_changed": N_("donor's details corrected"),
    "office_registered": N_("office registered"),
    "package_merged": N_("package merged"),
    "database_restored": N_("database restored"),
    "user_added": N_("user added"),
    "user_enabled": N_("user enabled"),
    "user_disabled": N_("user disabled"),
    "signed_in": N_("signed in"),
    "signed_out": N_("signed out"),
    "sign_in_failed": N_("sign-in failed"),
    "sign_in_locked": N_("sign-in refused: account locked"),
    "sign_in_refused_changed": N_("sign-in refused: account changed outside the program"),
    "user_unlocked": N_("account unlocked"),
    "demo_catalogue": N_("demo catalogues and donors added"),
    "exchange_key_created": N_("exchange key created"),
    "office_card_written": N_("office card written"),
    "receipt_key_created": N_("receipt key created"),
    "receipt_frozen": N_("old receipt frozen"),
    "search_index_built": N_("donor search index built"),
    "records_sealed": N_("every record sealed"),
    "package_exported": N_("package exported"),
    "database_copied": N_("database copied out"),
}
# The records audit entries are about (catalogue entries are named by PART_LABELS).
AUDIT_ENTITY_LABELS: dict[str, str] = {
    "donation": N_("donation"),
    "office": N_("office"),
    "setting": N_("setting"),
    "user": N_("user"),
    "database": N_("database"),
    "package": N_("package"),
    "receipt": N_("receipt"),
    "void_request": N_("void request"),
    "donor": N_("donor"),
}
# The names in audit entries' details, as the viewer shows them (a name not listed here is
# shown as recorded); a merge counts what it added and changed of each package part.
AUDIT_DETAIL_LABELS: dict[str, str] = {
    **PART_LABELS,
    "name": N_("name"),
    "national_id": N_("national ID"),
    "mobile": N_("mobile"),
    "address": N_("address"),
    "role": N_("role"),
    "rows": N_("rows"),
    "number": N_("receipt number"),
    "print": N_("print number"),
    "reason": N_("reason"),
    "note": N_("note"),
    "requested_by": N_("requested by"),
    "file": N_("file"),
    "backup": N_("backup"),
    "kept_aside": N_("kept aside as"),
    "receipt_numbers_not_reused": N_("receipt numbers never given again"),
    "idle_lock_minutes": N_("idle lock (minutes)"),
    "donation_ceiling_rials": N_("ceiling per donation (rials)"),
    "keep_entry_choices": N_("last intent and kind offered again"),
    "before": N_("before"),
    "after": N_("after"),
    "code": N_("office code"),
    "office_name": N_("office name"),
    "province": N_("province"),
    "county": N_("county"),
    "unit": N_("unit"),
    "since": N_("since"),
    "key_replaced": N_("key replaced"),
    "counts": N_("records (added, changed)"),
    "package_head": N_("head of the package's chain"),
    "chain": N_("entries of the office's chain"),
    "version": N_("version"),
    "upgraded_from": N_("upgraded from schema"),
    "to": N_("to schema"),
    "sealed_records": N_("records sealed"),
}
# Values of the details that name something the language names (roles, units).
_NAMED_VALUES: dict[str, Callable[[str], Role | Unit]] = {"role": Role, "unit": Unit}
# UUIDs and hashes in the details: codes, not numbers.
# Codes whose digits stay Latin in Persian text: UUIDs, hashes, receipt numbers (ZN-1404-000001).
_CODE = re.compile(
    r"([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|[0-9a-f]{16,}|[A-Z][A-Z0-9]{1,9}-\d{4}-\d{6})"
)
# How a merge mapped a package's catalogue entry (CatalogueMapping.owner), as its report says.
MAPPING_MESSAGES: dict[str, str] = {
    "own": N_("{part}: «{name}» of the package was taken as the office's own «{target}»"),
    "centre": N_("{part}: «{name}» of the package was taken as the centre's «{target}»"),
    "new": N_(
        "{part}: «{name}» of the package named another office's entry; it was added as the office's own"
    ),
}
# One record of a package part, as a refusal names it.
RECORD_LABELS: dict[str, str] = {
    "counties": N_("the county"),
    "collection_points": N_("the collection point"),
    "intents": N_("the intent"),
    "campaigns": N_("the campaign"),
    "institutions": N_("the charity institution"),
    "donors": N_("the donor"),
    "donations": N_("the donation"),
    "receipts": N_("the receipt"),
}


def extract_catalog() -> Catalog:
    """Every message id in the package, found with Babel's Python extractor."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="charity-desktop", domain=DOMAIN)
    package = Path(__file__).parent
    keywords = {name: (position,) for name, position in KEYWORDS.items()}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        package, method_map=[("**.py", "python")], keywords=keywords, strip_comment_tags=True
    ):
        catalog.add(message, None, [(str(package.name + "/" + filename), lineno)])
    return catalog


def update_catalogs() -> None:
    """Write ``messages.pot`` and merge it into each language's ``.po`` (keeping translations)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = extract_catalog()
    with (catalog_dir() / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(handle, template, omit_header=True, sort_output=True)
    for language in LANGUAGES:
        if language == "en":
            continue
        po_file = catalog_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        po_file.parent.mkdir(parents=True, exist_ok=True)
        if po_file.exists():
            with po_file.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        with po_file.open("wb") as handle:
            write_po(handle, catalog, omit_header=True, sort_output=True, ignore_obsolete=True)


if __name__ == "__main__":
    update_catalogs()
    sys.exit(0)
