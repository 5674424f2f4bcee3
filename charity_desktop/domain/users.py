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
    """Refuse (with `PermissionDenied`) unless `actor`'s role grants `permission`; the refusal
    names who may do it instead, from the roles that grant it."""
    if actor.may(permission):
        return
    granting = {role for role, allowed in ALLOWED.items() if permission in allowed}
    if Role.CLERK in granting:
        raise PermissionDenied(
            "{name} ({role}) may not do this; ask a clerk, a supervisor or an admin.",
            name=actor.name,
            role=actor.role,
        )
    if Role.SUPERVISOR in granting:
        raise PermissionDenied(
            "{name} ({role}) may not do this; ask a supervisor or an admin.",
            name=actor.name,
            role=actor.role,
        )
    raise PermissionDenied(
        "{name} ({role}) may not do this; only an admin may: ask an admin.",
        name=actor.name,
        role=actor.role,
    )
