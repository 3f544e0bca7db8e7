"""When an interview is: free-text times such as "tomorrow 10am" read against a clock.

The advice and the letters share this reading, so a letter says "at short notice" exactly
when the advice says the interview is close.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from pydantic import ConfigDict

from bowout.models import StrictModel

_LAZY = ConfigDict(defer_build=True)

# A letter apologises for short notice when the interview is at most this far away.
SHORT_NOTICE_HOURS = 48


def short_notice(text: str | None, now: datetime) -> bool:
    """Whether an interview given as free text is still ahead and within SHORT_NOTICE_HOURS
    of `now`. A time that cannot be read is not treated as close: the letter then cancels
    plainly rather than apologise for a notice it cannot judge."""
    if not text:
        return False
    when = parse_interview_time(text, now)
    return when is not None and when.within(now, SHORT_NOTICE_HOURS)


class InterviewTime(StrictModel):
    """When a free-text interview time falls: a moment (`has_time`) or a whole day."""

    model_config = _LAZY

    start: datetime
    end: datetime
    has_time: bool

    def is_past(self, now: datetime) -> bool:
        return self.end < now

    def within(self, now: datetime, hours: float) -> bool:
        return self.end >= now and self.start <= now + timedelta(hours=hours)

    def describe(self, now: datetime) -> str:
        day = self.start.date()
        if day == now.date():
            text = "today"
        elif day == now.date() + timedelta(days=1):
            text = "tomorrow"
        else:
            text = f"on {day:%a %d %b %Y}"
        if self.has_time:
            text += f" at {self.start:%H:%M}"
            hours = (self.start - now).total_seconds() / 3600
            if 0 <= hours < 24:
                text += f" (in {_about_hours(hours)})"
        return text


def _about_hours(hours: float) -> str:
    if hours < 1:
        return f"{max(1, round(hours * 60))} minutes"
    rounded = round(hours)
    return "about 1 hour" if rounded == 1 else f"about {rounded} hours"


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAY = (
    r"\b(?:(next|this|on)\s+)?(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?"
    r"|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b"
)
_RELATIVE = (
    r"^(?:in|within)\s+(an?|half an|\d+(?:\.\d+)?)\s*"
    r"(minutes?|mins?|hours?|hrs?|h|days?)$"
)
_ISO_DATE = r"\b(\d{4})-(\d{2})-(\d{2})\b"
_DAY_MONTH = r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:\s+(\d{4}))?\b"
_MONTH_DAY = r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b"
_AM_PM = r"\b(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?(?![a-z])"
_CLOCK = r"\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b"
_AT_HOUR = r"\bat\s+(\d{1,2})\b"
_NOON = r"\b(noon|midday)\b"
_FILLER = (
    r"\b(?:at|on|the|of|around|about|approx|approximately|morning|afternoon|evening|"
    r"tonight|local|time|scheduled|for|interview|call)\b|[~,@()]"
)


def parse_interview_time(text: str, now: datetime) -> InterviewTime | None:
    """Read a free-text time such as "tomorrow 10am", "2026-11-23 14:00", "in 3 hours" or
    "Thursday". Returns None rather than guess when any part of the text is not understood."""
    cleaned = " ".join(text.lower().split())
    if not cleaned:
        return None
    if match := re.match(_RELATIVE, cleaned):
        return _relative(match, now)
    try:
        moment = datetime.fromisoformat(cleaned.upper().replace(" ", "T", 1))
    except ValueError:
        pass
    else:
        if moment.tzinfo is not None:
            moment = moment.astimezone(now.tzinfo).replace(tzinfo=now.tzinfo)
        has_time = any(ch in cleaned for ch in ":tT")
        return _span(moment.date(), moment.time() if has_time else None, now)

    rest = cleaned
    clock: time | None = None
    for kind, pattern in (("am-pm", _AM_PM), ("24h", _CLOCK), ("at", _AT_HOUR), ("noon", _NOON)):
        match = re.search(pattern, rest)
        if match:
            clock = _clock(kind, match)
            if clock is None:
                return None
            rest = rest[: match.start()] + " " + rest[match.end() :]
            break

    day, rest = _day(rest, now)
    if day is None and "tonight" in cleaned:
        day = now.date()
    if re.sub(_FILLER, " ", rest).strip() or (day is None and clock is None):
        return None
    if day is None:
        assert clock is not None
        # A bare time means its next occurrence.
        day = now.date() if clock >= now.time() else now.date() + timedelta(days=1)
    return _span(day, clock, now)


def _relative(match: re.Match[str], now: datetime) -> InterviewTime:
    amount_text, unit = match.groups()
    amount = {"a": 1.0, "an": 1.0, "half an": 0.5}.get(amount_text) or float(amount_text)
    if unit.startswith("m"):
        delta = timedelta(minutes=amount)
    elif unit.startswith("d"):
        delta = timedelta(days=amount)
    else:
        delta = timedelta(hours=amount)
    moment = now + delta
    return InterviewTime(start=moment, end=moment, has_time=True)


def _clock(kind: str, match: re.Match[str]) -> time | None:
    if kind == "noon":
        return time(12, 0)
    hour = int(match.group(1))
    minute = int(match.group(2) or 0) if kind != "at" else 0
    if kind == "am-pm":
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3) == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _day(rest: str, now: datetime) -> tuple[date | None, str]:
    """Find one day expression in `rest`; return it and the text left over."""
    today = now.date()
    for word, offset in (("today", 0), ("tonight", 0), ("tomorrow", 1), ("tmrw", 1)):
        if m := re.search(rf"\b{word}\b", rest):
            return today + timedelta(days=offset), _cut(rest, m)
    if m := re.search(_ISO_DATE, rest):
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3))), _cut(rest, m)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if m := re.search(pattern, rest):
            month = _MONTHS[m.group(month_group)[:3]]
            year = int(m.group(3)) if m.group(3) else None
            found = _date_this_year(int(m.group(day_group)), month, year, today)
            rest = _cut(rest, m)
            # "Thursday 26 Nov": the weekday adds nothing once the date is known.
            if w := re.search(_WEEKDAY, rest):
                rest = _cut(rest, w)
            return found, rest
    if m := re.search(_WEEKDAY, rest):
        qualifier, name = m.groups()
        ahead = (_WEEKDAYS.index(name[:3]) - today.weekday()) % 7
        if qualifier == "next" and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead), _cut(rest, m)
    return None, rest


def _cut(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " + text[match.end() :]


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_this_year(day: int, month: int, year: int | None, today: date) -> date | None:
    if year is not None:
        return _date(year, month, day)
    found = _date(today.year, month, day)
    # "3 Jan" said in December means next January.
    if found is not None and found < today - timedelta(days=30):
        found = _date(today.year + 1, month, day)
    return found


def _span(day: date | None, clock: time | None, now: datetime) -> InterviewTime | None:
    if day is None:
        return None
    if clock is None:
        start = datetime.combine(day, time.min, tzinfo=now.tzinfo)
        end = datetime.combine(day, time.max, tzinfo=now.tzinfo)
        return InterviewTime(start=start, end=end, has_time=False)
    moment = datetime.combine(day, clock, tzinfo=now.tzinfo)
    return InterviewTime(start=moment, end=moment, has_time=True)
