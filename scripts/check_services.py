"""Stop the test run at once, with one line, when PostgreSQL or Redis is not reachable."""

import os
import sys
from urllib.parse import urlsplit

import psycopg2
import redis

database_url = os.environ["DATABASE_URL"]
redis_url = os.environ["REDIS_URL"]

try:
    psycopg2.connect(database_url, connect_timeout=3).close()
except psycopg2.OperationalError as error:
    # A server that answers "database does not exist" is up: Django creates the test database itself.
    if "does not exist" not in str(error):
        where = urlsplit(database_url)
        print(
            "PostgreSQL is not reachable at %s:%s (DATABASE_URL); start it with "
            "`sudo pg_ctlcluster $(ls /etc/postgresql) main start` or `docker compose up -d postgres`."
            % (where.hostname, where.port or 5432)
        )
        sys.exit(1)

try:
    redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
except redis.RedisError:
    where = urlsplit(redis_url)
    print(
        "Redis is not reachable at %s:%s (REDIS_URL); start it with "
        "`redis-server --daemonize yes` or `docker compose up -d redis`." % (where.hostname, where.port or 6379)
    )
    sys.exit(1)
