"""People the tests act as."""

from charity_desktop.domain.users import Actor, Role

CLERK = Actor("مریم", Role.CLERK)
SUPERVISOR = Actor("سرپرست", Role.SUPERVISOR)
ADMIN = Actor("مدیر", Role.ADMIN)


def clerk(name: str) -> Actor:
    return Actor(name, Role.CLERK)


def supervisor(name: str) -> Actor:
    return Actor(name, Role.SUPERVISOR)
