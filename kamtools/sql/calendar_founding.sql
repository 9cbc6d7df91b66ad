-- Customers whose founding day (customers.founded_on) has its anniversary in the month
-- that starts on :start, at least one year after it (kamtools.calendar_plan): the day and the years.
select
    customer_id,
    make_date(
        year(cast(:start as date)),
        month(founded_on),
        least(day(founded_on), day(last_day(make_date(year(cast(:start as date)), month(founded_on), 1))))
    ) as date,
    year(cast(:start as date)) - year(founded_on) as years
from customers
where founded_on is not null
  and month(founded_on) = month(cast(:start as date))
  and year(founded_on) < year(cast(:start as date))
order by date, customer_id
