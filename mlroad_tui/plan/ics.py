"""The schedule as an iCalendar file: one all-day event per topic per study day."""

from __future__ import annotations

from datetime import datetime, timedelta

from mlroad_tui.curriculum import Roadmap
from mlroad_tui.plan.dates import format_minutes
from mlroad_tui.plan.model import utc
from mlroad_tui.plan.schedule import Schedule

PRODID = "-//mlroad//study plan//EN"


def schedule_to_ics(roadmap: Roadmap, schedule: Schedule, now: datetime) -> bytes:
    """All-day events, as plan days have no time of day (so DST cannot shift them). UIDs are
    stable, so importing a newer export updates the events instead of doubling them."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{roadmap.title} — study plan")
    stamp = utc(now)
    for session in schedule.sessions:
        topic = roadmap.topic(session.topic_id)
        phase = roadmap.phase(session.phase_id)
        if topic is None or phase is None:
            continue
        event = Event()
        event.add("uid", f"{session.day:%Y%m%d}-{topic.id}@mlroad")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.day)
        event.add("dtend", session.day + timedelta(days=1))
        event.add("summary", f"{topic.title} ({format_minutes(session.minutes)})")
        event.add("description", f"{phase.title}\n\n{topic.summary}")
        event.add("categories", [phase.title])
        calendar.add_component(event)
    return calendar.to_ical()
