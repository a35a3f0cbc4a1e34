"""An e-mail backend for worker subprocesses: one file per message sent, after an optional delay.

The delay holds the worker inside the delivery (row locked, transaction open) long enough to kill it there;
FAULT_MAIL_DELAY_AFTER lets that many messages through first, to kill a worker in the middle of a batch.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class FileOutboxBackend(BaseEmailBackend):
    sent_by_this_process = 0

    def send_messages(self, email_messages):
        outbox = Path(os.environ["FAULT_OUTBOX"])
        for message in email_messages:
            (outbox / ("sending-%s" % os.getpid())).touch()
            if FileOutboxBackend.sent_by_this_process >= int(os.environ.get("FAULT_MAIL_DELAY_AFTER") or 0):
                time.sleep(float(os.environ.get("FAULT_MAIL_DELAY") or 0))
            FileOutboxBackend.sent_by_this_process += 1
            (outbox / ("sent-%s.eml" % uuid.uuid4().hex)).write_text("%s\n%s" % (",".join(message.to), message.subject))
        return len(email_messages)


def sent(outbox: Path) -> list[tuple[str, str]]:
    return sorted(tuple(path.read_text().split("\n", 1)) for path in outbox.glob("sent-*.eml"))
