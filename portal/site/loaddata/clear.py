"""Remove every synthetic row, and only those, with set-based deletes.

Synthetic rows are found from their organisations ("[load] …") and accounts (…@load.invalid and its
sub-domains): practices, campaigns and proposals of those organisations, calls created by those accounts,
review cases of those organisations, the roster profiles of those accounts. Assignments of a synthetic
reviewer go too, even on a real case (someone assigned a synthetic account: it could not be deleted
otherwise).
"""

from django.db import connection, transaction

from campaigns.models import Campaign
from grants.models import (
    BudgetLine,
    ExpectedResult,
    Grant,
    GrantCall,
    IndicatorValue,
    Proposal,
    ProposalAttachment,
    Report,
    ScreeningItem,
    Tranche,
)
from portal.accounts.models import Membership, Organization, User
from portal.search.models import SearchEntry
from portal.search.services import bump_index_version
from portal.site.loaddata.copying import link_table
from portal.site.loaddata.people import EMAIL_DOMAIN, ORG_PREFIX
from practices.models import Practice, PracticeVersion
from reviews.models import (
    Assignment,
    CaseComment,
    ConflictOfInterest,
    Decision,
    Relationship,
    Review,
    ReviewCase,
    ReviewerProfile,
    ReviewScore,
)

# Temporary tables of the synthetic ids, each computed once from the ones before it.
IDS = {
    "orgs": "SELECT id FROM accounts_organization WHERE name LIKE %(orgs)s",
    "users": "SELECT id FROM accounts_user WHERE email LIKE %(members)s OR email LIKE %(others)s",
    "practices": "SELECT id FROM practices_practice WHERE organization_id IN (SELECT id FROM load_orgs)",
    "campaigns": "SELECT id FROM campaigns_campaign WHERE lead_organization_id IN (SELECT id FROM load_orgs)",
    "calls": "SELECT id FROM grants_grantcall WHERE created_by_id IN (SELECT id FROM load_users)",
    "proposals": "SELECT id FROM grants_proposal WHERE organization_id IN (SELECT id FROM load_orgs) "
    "OR call_id IN (SELECT id FROM load_calls)",
    "grants": "SELECT id FROM grants_grant WHERE proposal_id IN (SELECT id FROM load_proposals)",
    "reports": "SELECT id FROM grants_report WHERE grant_id IN (SELECT id FROM load_grants)",
    "cases": "SELECT id FROM reviews_reviewcase WHERE organization_id IN (SELECT id FROM load_orgs) "
    "UNION SELECT review_case_id FROM grants_proposal WHERE id IN (SELECT id FROM load_proposals) "
    "AND review_case_id IS NOT NULL",
    "assignments": "SELECT id FROM reviews_assignment WHERE case_id IN (SELECT id FROM load_cases) "
    "OR reviewer_id IN (SELECT id FROM load_users)",
    "reviews": "SELECT id FROM reviews_review WHERE assignment_id IN (SELECT id FROM load_assignments)",
    "profiles": "SELECT id FROM reviews_reviewerprofile WHERE user_id IN (SELECT id FROM load_users)",
}
# (model, condition) in order; "load_x" names the synthetic ids of IDS["x"].
DELETES = [
    (
        SearchEntry,
        "(type = 'practice' AND object_id IN (SELECT id FROM load_practices)) "
        "OR (type = 'campaign' AND object_id IN (SELECT id FROM load_campaigns)) "
        "OR (type = 'project' AND object_id IN (SELECT id FROM load_grants))",
    ),
    (IndicatorValue, "report_id IN (SELECT id FROM load_reports)"),
    (Report, "id IN (SELECT id FROM load_reports)"),
    (Tranche, "grant_id IN (SELECT id FROM load_grants)"),
    (Grant, "id IN (SELECT id FROM load_grants)"),
    (ScreeningItem, "proposal_id IN (SELECT id FROM load_proposals)"),
    (BudgetLine, "proposal_id IN (SELECT id FROM load_proposals)"),
    (ExpectedResult, "proposal_id IN (SELECT id FROM load_proposals)"),
    (ProposalAttachment, "proposal_id IN (SELECT id FROM load_proposals)"),
    (Proposal, "id IN (SELECT id FROM load_proposals)"),
    (GrantCall, "id IN (SELECT id FROM load_calls)"),
    (ReviewScore, "review_id IN (SELECT id FROM load_reviews)"),
    (Review, "id IN (SELECT id FROM load_reviews)"),
    (Assignment, "id IN (SELECT id FROM load_assignments)"),
    (Decision, "case_id IN (SELECT id FROM load_cases)"),
    (CaseComment, "case_id IN (SELECT id FROM load_cases)"),
    (ConflictOfInterest, "case_id IN (SELECT id FROM load_cases) OR reviewer_id IN (SELECT id FROM load_users)"),
    (PracticeVersion, "practice_id IN (SELECT id FROM load_practices)"),
    (Practice, "id IN (SELECT id FROM load_practices)"),
    (ReviewCase, "id IN (SELECT id FROM load_cases)"),
    (Campaign, "id IN (SELECT id FROM load_campaigns)"),
    (
        Relationship,
        "profile_id IN (SELECT id FROM load_profiles) OR organization_id IN (SELECT id FROM load_orgs)",
    ),
    (ReviewerProfile, "id IN (SELECT id FROM load_profiles)"),
    (Membership, "user_id IN (SELECT id FROM load_users) OR organization_id IN (SELECT id FROM load_orgs)"),
    (Organization, "id IN (SELECT id FROM load_orgs)"),
    (User, "id IN (SELECT id FROM load_users)"),
]
# Many-to-many links of the rows above, deleted before them: (model, field, synthetic ids of the model).
LINKS = [
    (Proposal, "countries", "proposals"),
    (Proposal, "exploitation_forms", "proposals"),
    (Proposal, "target_groups", "proposals"),
    (GrantCall, "eligible_countries", "calls"),
    (GrantCall, "themes", "calls"),
    (ReviewCase, "countries", "cases"),
    (ReviewCase, "themes", "cases"),
    (ReviewCase, "exploitation_forms", "cases"),
    (Practice, "countries", "practices"),
    (Practice, "themes", "practices"),
    (Practice, "exploitation_forms", "practices"),
    (Practice, "target_groups", "practices"),
    (Practice, "sectors", "practices"),
    (Practice, "partner_organizations", "practices"),
    (Campaign, "countries", "campaigns"),
    (Campaign, "themes", "campaigns"),
    (Campaign, "regions", "campaigns"),
    (ReviewerProfile, "themes", "profiles"),
    (ReviewerProfile, "exploitation_forms", "profiles"),
    (ReviewerProfile, "regions", "profiles"),
    (User, "groups", "users"),
]


def synthetic_exists() -> bool:
    return Organization.objects.filter(name__startswith=ORG_PREFIX).exists()


@transaction.atomic
def clear_load_data() -> None:
    params = {"orgs": ORG_PREFIX + "%", "members": "%@" + EMAIL_DOMAIN, "others": "%@%." + EMAIL_DOMAIN}
    with connection.cursor() as cursor:
        for name, query in IDS.items():
            cursor.execute("CREATE TEMP TABLE load_%s AS %s" % (name, query), params if "%(" in query else None)
        for model, field_name, ids in LINKS:
            table, owner, _target = link_table(model, field_name)
            cursor.execute("DELETE FROM %s WHERE %s IN (SELECT id FROM load_%s)" % (table, owner, ids))
        for model, condition in DELETES:
            cursor.execute("DELETE FROM %s WHERE %s" % (model._meta.db_table, condition))
        cursor.execute("DROP TABLE %s" % ", ".join("load_%s" % name for name in IDS))
    bump_index_version()
