-- Contacts whose birthday falls in the month that starts on :start (kamtools.calendar_plan): the
-- day in that year (a 29 February birthday on the 28th in a common year).
select
    customer_id,
    name as contact,
    role,
    make_date(
        year(cast(:start as date)),
        month(birthday),
        least(day(birthday), day(last_day(make_date(year(cast(:start as date)), month(birthday), 1))))
    ) as date
from contacts
where birthday is not null
  and month(birthday) = month(cast(:start as date))
order by date, customer_id, contact
