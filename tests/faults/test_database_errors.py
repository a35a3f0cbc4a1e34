"""The database refusing a write in the middle of a transition: all or nothing (DESIGN.md "Workflows").

A PostgreSQL trigger makes the audit insert, or the outbox insert, fail, as a full disk, a lost connection or a
constraint would; the transition must leave no state change, no audit event and no notification behind.
"""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from practices.models import Practice, PracticeVersion
from practices.services import practice_send_to_review, practice_submit
from reviews.models import Assignment, Decision, Review, ReviewCase
from reviews.services.assignments import assignment_accept, assignment_create
from reviews.services.decisions import decision_make
from reviews.services.reviewing import review_save
from tests.factories import ReviewerProfileFactory, UserFactory, complete_practice

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TABLES = {"audit": AuditEvent._meta.db_table, "outbox": Notification._meta.db_table}


@pytest.fixture(params=sorted(TABLES))
def failing_insert(request):
    """Arms a trigger that makes every insert into the audit (or outbox) table fail, for the block it guards."""
    table = TABLES[request.param]

    class Armed:
        def __enter__(self):
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE OR REPLACE FUNCTION fault_refuse() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'fault injected into %', TG_TABLE_NAME; END $$ LANGUAGE plpgsql"
                )
                cursor.execute(
                    "CREATE TRIGGER fault_refuse BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION fault_refuse()"
                    % table
                )

        def __exit__(self, *exc):
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER IF EXISTS fault_refuse ON %s" % table)
                cursor.execute("DROP FUNCTION IF EXISTS fault_refuse()")

    armed = Armed()
    yield armed
    armed.__exit__()


def counts():
    return AuditEvent.objects.count(), Notification.objects.count()


def test_practice_submit_is_all_or_nothing(failing_insert, mailoutbox):
    UserFactory(roles=["editor"])
    practice = complete_practice()
    before = counts()
    with failing_insert, pytest.raises(DatabaseError, match="fault injected"):
        practice_submit(practice=practice, actor=practice.submitted_by)
    practice.refresh_from_db()
    assert practice.state == Practice.State.DRAFT and practice.submitted_at is None
    assert practice.review_case_id is None and not ReviewCase.objects.exists()
    assert not PracticeVersion.objects.filter(practice=practice).exists()
    assert counts() == before and mailoutbox == []
    # Once the database accepts writes again, the same transition goes through.
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice.refresh_from_db()
    assert practice.state == Practice.State.SUBMITTED


def test_review_submit_and_decision_are_all_or_nothing(failing_insert, mailoutbox):
    editor = UserFactory(roles=["editor"])
    practice = complete_practice()
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice_send_to_review(practice=practice, actor=editor)
    practice.refresh_from_db()
    case = practice.review_case
    reviewer = ReviewerProfileFactory(languages=["fr", "en"]).user
    assignment = assignment_create(
        case=case, reviewer=reviewer, due=timezone.localdate() + timedelta(days=5), actor=editor
    )
    assignment_accept(assignment=assignment, actor=reviewer)
    scores = {str(criterion.pk): 4 for criterion in case.rubric.criteria.all()}
    before, sent_before = counts(), len(mailoutbox)

    with failing_insert, pytest.raises(DatabaseError, match="fault injected"):
        review_save(assignment=assignment, actor=reviewer, scores=scores, recommendation="accept", submit=True)
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.ACCEPTED
    assert not Review.objects.filter(assignment=assignment).exists()
    assert counts() == before and len(mailoutbox) == sent_before

    review_save(assignment=assignment, actor=reviewer, scores=scores, recommendation="accept", submit=True)
    before, sent_before = counts(), len(mailoutbox)
    with failing_insert, pytest.raises(DatabaseError, match="fault injected"):
        decision_make(case=case, outcome="accept", letter="Welcome.", actor=editor)
    case.refresh_from_db()
    practice.refresh_from_db()
    assert case.state == ReviewCase.State.OPEN and not Decision.objects.exists()
    assert practice.state == Practice.State.IN_REVIEW
    assert counts() == before and len(mailoutbox) == sent_before
