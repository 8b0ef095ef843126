"""Date arithmetic shared by the apps' retention rules (`<app>/retention.py`).

Each app with personal data has `<app>/retention.py` with
`purge_personal_data(now=None, dry_run=False) -> report`; the management command
`purge_personal_data` (feedback/management/commands/) runs them all.
"""

import datetime


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """`moment` moved back by `months` calendar months (day clamped to the month's end)."""
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
