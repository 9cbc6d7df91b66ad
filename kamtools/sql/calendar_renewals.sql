-- Contracts whose renewal falls due in the month :start .. :stop (kamtools.calendar_plan):
-- the renewal talks start renewal_notice_days (else :notice_days) before the end; listed while
-- that day is on or before :stop and the contract has not ended before :start, unless a later
-- contract of the same customer (starting after it and ending after it) renews it already.
with c as (
    select
        customer_id,
        contract_id,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        cast(contract_value as double) as contract_value,
        cast(end_date as date) - cast(coalesce(renewal_notice_days, :notice_days) as integer) as notice_on
    from contracts
)
select c.customer_id, c.contract_id, c.end_date, c.contract_value, c.notice_on
from c
where c.end_date >= cast(:start as date)
  and c.notice_on <= cast(:stop as date)
  and not exists (
      select 1
      from contracts as n
      where n.customer_id = c.customer_id
        and n.contract_id <> c.contract_id
        and cast(n.start_date as date) > c.start_date
        and cast(n.end_date as date) > c.end_date
  )
order by c.notice_on, c.contract_id
