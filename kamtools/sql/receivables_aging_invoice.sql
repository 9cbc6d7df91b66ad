-- Aging by invoice date (账龄) of the settled ledger per customer (used by
-- kamtools.receivables.aging(..., basis="invoice") on a KamData). A query on the relation "ledger"
-- of receivables_settle.sql: kamtools puts the settlement CTEs of that file in front of it.
--
-- The age of an open invoice is the days from its invoice date to :as_of (0 on the day it is
-- issued), whatever its due date. Bucket k = 0..11 holds more than edge k (edge 0: none) and at
-- most edge k + 1 days of age; bucket 12 everything past the last edge. The caller passes the
-- edges as :e1 < :e2 < ...; edges it does not use are set beyond any possible age. Bucket -1 is
-- the customer's unapplied credit.
--
-- Money in whole cents. Columns: customer_id, bucket, cents, overdue_cents (past its due date),
-- max_days_past_due (0 when nothing is overdue), max_age_days; one row per customer and bucket.
select customer_id, bucket, sum(cents) as cents,
       sum(case when dpd > 0 then cents else 0 end) as overdue_cents,
       max(dpd) as max_days_past_due, max(age) as max_age_days
from (
    select customer_id,
           case when kind = 'credit' then -1
                when date_diff('day', invoice_date, :as_of) <= :e1 then 0
                when date_diff('day', invoice_date, :as_of) <= :e2 then 1
                when date_diff('day', invoice_date, :as_of) <= :e3 then 2
                when date_diff('day', invoice_date, :as_of) <= :e4 then 3
                when date_diff('day', invoice_date, :as_of) <= :e5 then 4
                when date_diff('day', invoice_date, :as_of) <= :e6 then 5
                when date_diff('day', invoice_date, :as_of) <= :e7 then 6
                when date_diff('day', invoice_date, :as_of) <= :e8 then 7
                when date_diff('day', invoice_date, :as_of) <= :e9 then 8
                when date_diff('day', invoice_date, :as_of) <= :e10 then 9
                when date_diff('day', invoice_date, :as_of) <= :e11 then 10
                when date_diff('day', invoice_date, :as_of) <= :e12 then 11
                else 12 end as bucket,
           cast(open_amount * 100 as bigint) as cents,
           case when kind = 'credit' then 0 else date_diff('day', invoice_date, :as_of) end as age,
           case when days_past_due > 0 then days_past_due else 0 end as dpd
    from ledger
) aged
group by customer_id, bucket
