"""Whether the person a service is asked to act for may do it: the one place services ask."""

from __future__ import annotations

from charity_desktop.domain.users import Actor, Permission, PermissionDenied, require
from charity_desktop.persian.text import search_key
from charity_desktop.services.database import Database
from charity_desktop.storage.unit_of_work import UnitOfWork


def authorize(source: Database | UnitOfWork, actor: Actor, permission: Permission) -> None:
    """Refuse (with `PermissionDenied`) unless `actor`'s role grants `permission` and, once the
    database has accounts, `actor` names an existing active account holding that very role.

    A database without any account (a single-desk office that never created one) is not
    protected: the role alone counts, as before accounts existed. `source` is the database
    or a unit of work already open on it.
    """
    require(actor, permission)
    if isinstance(source, Database):
        with source.reader() as uow:
            _check_account(uow, actor)
    else:
        _check_account(source, actor)


def _check_account(uow: UnitOfWork, actor: Actor) -> None:
    if uow.users.count() == 0:
        return
    user = uow.users.by_name_key(search_key(actor.name))
    if user is None or user.name != actor.name or not user.active or user.role != actor.role:
        raise PermissionDenied(
            "{name} is not an active account with the role {role}; sign in again.",
            name=actor.name,
            role=actor.role,
        )
