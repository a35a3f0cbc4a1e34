"""How owner apps (practices, grants) plug into the engine without the engine importing them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Owner:
    key: str
    # The role that manages cases of this owner: editors for practices, grant managers for proposals.
    manager_role: str
    # Runs inside the decision's transaction: if it raises, the decision is not recorded.
    on_decision: Callable
    # What a reviewer reads: [(label, text)] of the version under review, never naming the submitter.
    describe: Callable | None = None
    # The files a reviewer may open: [(label, url)] for (case, assignment); anonymised in double-blind.
    attachments: Callable | None = None
    # Where a reviewer compares the version under review with the previous one (from round 2 on).
    changes_url: Callable | None = None
    # When set, only approved roster members holding this role may review (the grant board).
    reviewer_role: str | None = None


_owners: dict[str, Owner] = {}


def register_owner(owner: Owner) -> None:
    _owners[owner.key] = owner


def get_owner(key: str) -> Owner:
    try:
        return _owners[key]
    except KeyError:
        raise LookupError("No review owner registered as %r." % key) from None
