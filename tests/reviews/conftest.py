import pytest

from reviews.registry import Owner, register_owner


class Recorder:
    def __init__(self):
        self.calls = []
        self.fail = False

    def __call__(self, *, case, decision, actor):
        if self.fail:
            raise RuntimeError("owner app failed to move its submission")
        self.calls.append((case.pk, decision.outcome))


@pytest.fixture
def owner_callback():
    recorder = Recorder()
    register_owner(Owner(key="tests.owner", manager_role="editor", on_decision=recorder))
    return recorder


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(roles=["editor"], full_name="Edith Editor")
