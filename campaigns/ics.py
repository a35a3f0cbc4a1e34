"""iCalendar (RFC 5545) feeds of campaign events; the icalendar library escapes text and folds lines."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as CalendarEvent

PRODID = "-//Counter-Trafficking Knowledge Portal//Campaign events//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event) -> str:
    """Stable across feeds and edits, so a calendar that subscribed updates the event instead of copying it."""
    return "campaign-event-%s@%s" % (event.pk, _host())


def _location(event) -> str:
    return ", ".join(part for part in (event.place, event.country.name if event.country else "") if part)


def events_calendar(events, *, name: str, stamp: datetime | None = None) -> bytes:
    stamp = (stamp or timezone.now()).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    with translation.override(settings.LANGUAGE_CODE):
        for event in events:
            item = CalendarEvent()
            item.add("uid", event_uid(event))
            item.add("dtstamp", stamp)
            item.add("dtstart", event.starts.astimezone(UTC))
            # RFC 5545 wants DTEND later than DTSTART; an event of no duration simply has none.
            if event.ends > event.starts:
                item.add("dtend", event.ends.astimezone(UTC))
            item.add("summary", event.title)
            location = _location(event)
            if location:
                item.add("location", location)
            description = "%s — %s" % (event.campaign.localized("name"), event.get_kind_display())
            if event.description:
                description += "\n\n" + event.description
            item.add("description", description)
            item.add("categories", [event.get_kind_display()])
            item.add("url", settings.SITE_URL + reverse("campaigns:detail", args=[event.campaign_id]))
            calendar.add_component(item)
    return calendar.to_ical()
