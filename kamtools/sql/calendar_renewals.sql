-- Contracts whose renewal falls due in the month :start .. :stop (kamtools.contact_calendar):
-- the renewal talks start renewal_notice_days (else :notice_days) before the end; listed while
-- that day is on or before :stop and the contract has not ended before :start, unless a later
-- contract of the same customer (starting after it and ending after it) renews it already.
select
    c.customer_id,
    c.contract_id,
    c.end_date,
    cast(c.contract_value as double) as contract_value,
    c.end_date - cast(coalesce(c.renewal_notice_days, :notice_days) as integer) as notice_on
from contracts as c
where c.end_date >= cast(:start as date)
  and c.end_date - cast(coalesce(c.renewal_notice_days, :notice_days) as integer) <= cast(:stop as date)
  and not exists (
      select 1
      from contracts as n
      where n.customer_id = c.customer_id
        and n.contract_id <> c.contract_id
        and n.start_date > c.start_date
        and n.end_date > c.end_date
  )
order by notice_on, c.contract_id
