"""The database itself refuses awards beyond a call's budget (the service checks first, under a lock)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION grants_awards_within_budget() RETURNS trigger AS $$
DECLARE
    awarded numeric;
    limit_ numeric;
BEGIN
    SELECT budget INTO limit_ FROM grants_grantcall WHERE id = NEW.call_id FOR UPDATE;
    SELECT COALESCE(SUM(amount), 0) INTO awarded FROM grants_grant WHERE call_id = NEW.call_id;
    IF awarded > limit_ THEN
        RAISE EXCEPTION 'awards of call % total % over its budget %', NEW.call_id, awarded, limit_
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER grants_awards_within_budget
    AFTER INSERT OR UPDATE OF amount, call_id ON grants_grant
    DEFERRABLE INITIALLY IMMEDIATE
    FOR EACH ROW EXECUTE FUNCTION grants_awards_within_budget();
"""

DROP = """
DROP TRIGGER IF EXISTS grants_awards_within_budget ON grants_grant;
DROP FUNCTION IF EXISTS grants_awards_within_budget();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
