-- Aging of the settled ledger per customer (used by kamtools.receivables.aging on a KamData).
-- A query on the relation "ledger" of receivables_settle.sql: kamtools puts the settlement
-- CTEs of that file in front of it, so the settlement rules stay in one place.
--
-- Bucket 0 is current (0 or fewer days past due); bucket k = 1..12 holds more than edge k - 1
-- and at most edge k days past due. The caller passes the bucket edges as :e1 < :e2 < ...;
-- edges it does not use are set beyond any possible age, so that everything past the last
-- real edge falls in the bucket after it (the ">last edge" bucket). Bucket -1 is the
-- customer's unapplied credit.
--
-- Money in whole cents. Columns: customer_id, bucket, cents, max_days_past_due (0 when
-- nothing in the bucket is overdue); one row per customer and bucket present.
select customer_id, bucket, sum(cents) as cents, max(dpd) as max_days_past_due
from (
    select customer_id,
           case when kind = 'credit' then -1
                when days_past_due <= 0 then 0
                when days_past_due <= :e1 then 1
                when days_past_due <= :e2 then 2
                when days_past_due <= :e3 then 3
                when days_past_due <= :e4 then 4
                when days_past_due <= :e5 then 5
                when days_past_due <= :e6 then 6
                when days_past_due <= :e7 then 7
                when days_past_due <= :e8 then 8
                when days_past_due <= :e9 then 9
                when days_past_due <= :e10 then 10
                when days_past_due <= :e11 then 11
                when days_past_due <= :e12 then 12
                else 13 end as bucket,
           cast(open_amount * 100 as bigint) as cents,
           case when days_past_due > 0 then days_past_due else 0 end as dpd
    from ledger
) aged
group by customer_id, bucket
