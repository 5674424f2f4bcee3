"""Who may do what: roles, the permissions each grants, and the person acting."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from charity_desktop.domain.errors import DomainError


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    AUDITOR = "auditor"  # reads everything, changes nothing


class Permission(StrEnum):
    RECORD = "record"  # enter donations, import files, print and reprint receipts
    VOID = "void"
    EDIT_CATALOGUES = "edit_catalogues"  # office details, catalogues, registering offices
    MERGE = "merge"
    EXPORT_PERSONAL = "export_personal"  # write exchange packages: they carry donors' details
    RESTORE = "restore"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"  # the audit trail


ALLOWED: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({Permission.RECORD}),
    Role.SUPERVISOR: frozenset(set(Permission) - {Permission.MANAGE_USERS}),
    Role.ADMIN: frozenset(Permission),
    Role.AUDITOR: frozenset({Permission.READ_AUDIT}),
}


@dataclass(frozen=True)
class Actor:
    """The person a service acts for (their name goes on the audit trail)."""

    name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return permission in ALLOWED[self.role]


class PermissionDenied(DomainError):
    """The acting person's role does not allow this."""


def require(actor: Actor, permission: Permission) -> None:
    """Refuse (with `PermissionDenied`) unless `actor`'s role grants `permission`."""
    if not actor.may(permission):
        raise PermissionDenied(
            "{name} ({role}) may not do this; ask a supervisor.",
            name=actor.name,
            role=actor.role,
        )
