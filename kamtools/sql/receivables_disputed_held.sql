-- What open disputes hold at each month end (used by kamtools.receivables.monthly_trend, on the
-- settlement at every month end of receivables_disputed_points.sql): as
-- kamtools.receivables.disputed_by_due says it for one day, for every point t at once. A dispute
-- holds its amount, at most what its invoice still has open at t after the disputes of that
-- invoice opened before it (in the order of receivables_disputes.sql: opened on, amount, reason);
-- the part on an invoice past its due date at t is overdue, the rest not yet due.
--
-- Columns: month_end, overdue_cents, not_due_cents (whole cents); only month ends where a dispute
-- holds something.
select t as month_end,
       cast(round(sum(case when due_date < t then held else 0 end) * 100) as bigint) as overdue_cents,
       cast(round(sum(case when due_date < t then 0 else held end) * 100) as bigint) as not_due_cents
from (
    select t, due_date, greatest(0, least(amount, open_amount - before)) as held
    from (
        select o.t, o.amount, l.open_amount, l.due_date,
               coalesce(sum(o.amount) over (
                   partition by o.invoice_id, o.t
                   order by o.opened_on, o.amount, o.reason
                   rows between unbounded preceding and 1 preceding
               ), 0) as before
        from open_disputes o
        join ledger l
          on l.kind = 'invoice' and l.invoice_id = o.invoice_id || '@' || o.tag
    ) ranked
) held
group by t
having sum(held) > 0
order by t
