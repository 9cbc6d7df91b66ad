-- Receivables per customer at the end of each of the last :months months and at :as_of
-- (used by kamtools.receivables.monthly_trend, dso and cei). Set-based over all months
-- at once: no per-month round trips.
--
-- Point k = 0 is :as_of itself, point k >= 1 the last day of the k-th month before the
-- month of :as_of (k <= :months, at most 99). Month k is the calendar month of point k
-- (month 0 runs from the first of the month of :as_of to :as_of).
--
-- The settlement is the one of receivables_settle.sql (payments on their invoice capped
-- at its amount, everything else pooled and applied oldest due date first), evaluated
-- at every point at once without ranking invoices:
--   remaining R(t) = positive invoices dated <= t - payments applied to them by t
--   pool      P(t) = unlinked payments + credit notes + overpayments of invoices by t
--   open(t)        = max(0, R(t) - P(t))    unapplied_credit(t) = max(0, P(t) - R(t))
-- (one running total, net(t) = R(t) - P(t), carries both)
-- and because the pool settles the oldest due dates first, the open part lies on the
-- latest due dates, so the not-yet-due part is current(t) = min(open(t), Rc(t)) where
-- Rc(t) is the remaining amount of invoices due on or after t. With :late_days > 0 the
-- same split is made :late_days days later: not_due is then the part at most :late_days
-- days past due, and receivables - not_due the part more than :late_days days past due
-- (kamtools.credit.validation: who went bad after a month end); 0 for the aging split.
-- A payment dated before its invoice sits in the pool until the invoice date.
-- A credit note naming a positive invoice of its customer (corrects_invoice_id) settles that
-- invoice from its own date, as receivables_settle.sql does: it is applied like a payment naming
-- the invoice (capped, the excess into the pool), counted in the sales of its month but not in
-- what was collected. What is under dispute is in the receivables and in not_due here: the
-- caller takes it apart (kamtools.receivables.monthly_trend, as the aging shows it).
--
-- Sums over a range of points (not yet due; sales of the last :days days) are spread as
-- deltas on the point index and summed up with the running totals: no range joins.
--
-- Cost at scale (10 M invoices): every sum, running total and the grid of points is keyed by
-- the customer key (customer_keys, kamtools.store_keys: a number beside each id), and the id is
-- brought back for the result's rows only (the keys follow the order of the ids, so the rows come
-- in the order of the ids). The invoices are read once per use instead of from one kept copy
-- (the invoices a payment can settle, every invoice's points): no table of every invoice is held
-- while the payments are matched; the credit notes that name an invoice are matched with the
-- payments, in one lookup of the invoices. Only the few
-- invoices paid beyond their amount (overpaid) go through the payments' running total.
--
-- Columns: customer_id, k, month_end, receivables (= open), not_due (see :late_days), unapplied_credit,
-- sales (net invoices dated in month k), sales_window (net invoices dated in
-- (t - :days, t]), collected (payments dated in month k). Point k = :months carries
-- everything older in its sales/collected columns; only rows with something non-zero.
with digits as (
    select n from (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as d(n)
),
base as (
    select extract(year from cast(:as_of as date)) * 12
           + extract(month from cast(:as_of as date)) - 1 as ym
),
cal as (
    select a.n * 10 + b.n as k,
           case when a.n * 10 + b.n = 0 then cast(:as_of as date)
                else last_day(make_date(
                    cast(floor((base.ym - (a.n * 10 + b.n)) / 12) as integer),
                    cast((base.ym - (a.n * 10 + b.n)) % 12 + 1 as integer),
                    1))
           end as t
    from digits a cross join digits b cross join base
    where a.n * 10 + b.n <= :months
),
debits as (   -- the invoices a payment or a credit note can settle
    select invoice_id, customer_id, cast(invoice_date as date) as invoice_date,
           cast(coalesce(due_date, invoice_date) as date) as due_date, cast(amount as decimal(18, 2)) as amount
    from invoices
    where cast(invoice_date as date) <= :as_of and cast(amount as decimal(18, 2)) > 0
),
claims as (   -- payments, and credit notes naming the invoice they correct, with the invoice each names
    select payment_id, customer_id, cast(payment_date as date) as payment_date,
           cast(amount as decimal(18, 2)) as amount, invoice_id as names, false as is_credit
    from payments
    where cast(payment_date as date) <= :as_of
    union all
    select invoice_id, customer_id, cast(invoice_date as date), -cast(amount as decimal(18, 2)),
           corrects_invoice_id, true
    from invoices
    where cast(invoice_date as date) <= :as_of and cast(amount as decimal(18, 2)) < 0
      and corrects_invoice_id is not null
),
pay as (   -- every payment, and the credit notes that settle the invoice they correct (not the pool)
    select c.payment_id, k.customer_key as ck, c.payment_date, c.amount,
           i.invoice_id as settles, i.invoice_date as inv_date, i.due_date as inv_due,
           i.amount as inv_amount, c.is_credit
    from claims c
    join customer_keys k on k.customer_id = c.customer_id
    left join debits i on i.invoice_id = c.names and i.customer_id = c.customer_id
    where not c.is_credit or i.invoice_id is not null
),
inv as (   -- every invoice up to :as_of, and whether it is a credit note settling an invoice
    select k.customer_key as ck, cast(i.invoice_date as date) as invoice_date,
           cast(coalesce(i.due_date, i.invoice_date) as date) as due_date,
           cast(i.amount as decimal(18, 2)) as amount,
           l.payment_id is not null as is_linked
    from invoices i
    join customer_keys k on k.customer_id = i.customer_id
    left join (select payment_id from pay where is_credit) l on l.payment_id = i.invoice_id
    where cast(i.invoice_date as date) <= :as_of
),
overpaid as (   -- the few invoices paid beyond their amount (a small table to look up)
    select settles from pay where settles is not null
    group by settles having sum(amount) > max(inv_amount)
),
direct as (   -- each row of pay with its share applied to the invoice it names (0: none), in date order
    select p.ck, p.payment_date, p.amount, p.is_credit, p.settles is not null as named, p.inv_date, p.inv_due,
           case when p.settles is null then 0 else p.amount end as applied
    from pay p left join overpaid o on o.settles = p.settles
    where o.settles is null
    union all   -- only overpaid invoices need the running total
    select ck, payment_date, amount, is_credit, true, inv_date, inv_due,
           least(amount, greatest(0, inv_amount - coalesce(sum(amount) over (
               partition by settles order by payment_date, payment_id
               rows between unbounded preceding and 1 preceding), 0)))
    from (select p.* from pay p join overpaid o on o.settles = p.settles) over_paid
),
-- A value counted at every point t with d <= t <= e becomes two deltas on the point
-- index: +v at the oldest point on or after d, -v just after the newest point on or
-- before e; the running sum from the oldest point then counts it exactly there.
-- Point index of a date d: least(:months, months from the month of d to the month of :as_of);
-- the index of the newest point on or before e: 0 when e >= :as_of, else the months from the
-- month of the day after e to the month of :as_of, plus one (no test for a month's last day).
-- Every source row is summed per customer and point index before the union below (one
-- pass over the invoices for what starts at the invoice date, one per span that ends
-- later), so the union holds per-customer monthly sums, not one row per document.
inv_k as (
    select ck, amount, is_linked,
           least(:months, base.ym - (extract(year from invoice_date) * 12 + extract(month from invoice_date) - 1))
               as k_old,
           case when due_after > cast(:as_of as date) then 0
                else base.ym + 2 - (extract(year from due_after) * 12 + extract(month from due_after))
           end as k_due,
           case when sw_after > cast(:as_of as date) then 0
                else base.ym + 2 - (extract(year from sw_after) * 12 + extract(month from sw_after))
           end as k_sw
    from (select ck, amount, is_linked, invoice_date,
                 due_date + cast(:late_days as integer) + 1 as due_after,
                 invoice_date + cast(:days as integer) as sw_after
          from inv) i cross join base
),
direct_k as (   -- k_pay: the payment's month; k_old: the later of its month and its invoice's
    select ck, amount, applied, is_credit, named,
           least(:months, base.ym - (extract(year from payment_date) * 12 + extract(month from payment_date) - 1))
               as k_pay,
           least(:months, base.ym - (extract(year from from_date) * 12 + extract(month from from_date) - 1)) as k_old,
           case when due_after > cast(:as_of as date) then 0
                else base.ym + 2 - (extract(year from due_after) * 12 + extract(month from due_after))
           end as k_due
    from (select *, greatest(payment_date, coalesce(inv_date, payment_date)) as from_date,
                 inv_due + cast(:late_days as integer) + 1 as due_after
          from direct) d cross join base
),
deltas as (
    -- net: what the customer owes less what it has paid or been credited (open receivables when
    -- positive, unapplied credit when negative), as a change at the point
    -- invoices at their date: purchases, credit notes into the pool, sales; the spans of
    -- positive invoices (to their due date) and of every invoice (the :days sales window) start
    select ck, k_old as k,
           sum(case when amount > 0 or not is_linked then amount else 0 end) as net,
           sum(amount) as sales, cast(0 as decimal(18, 2)) as collected,
           sum(case when amount > 0 and k_due <= k_old then amount else 0 end) as rc,
           sum(case when k_sw <= k_old then amount else 0 end) as sw
    from inv_k
    group by 1, 2
    union all   -- the spans of positive invoices end at their due date
    select ck, k_due - 1, 0, 0, 0, -sum(amount), 0
    from inv_k where amount > 0 and k_due <= k_old and k_due >= 1
    group by 1, 2
    union all   -- the sales window of each invoice ends :days days after it
    select ck, k_sw - 1, 0, 0, 0, 0, -sum(amount)
    from inv_k where k_sw <= k_old and k_sw >= 1
    group by 1, 2
    union all   -- payments at the later of their date and their invoice's: what names no invoice goes into
                -- the pool; what names one is applied to it and the excess goes into the pool (either way
                -- the net falls by the amount); a payment dated in a month before its invoice's is in the
                -- pool from its own month (below); the span of the invoice's remaining amount shrinks by
                -- what was applied; collected in the payment's month
    select ck, k_old, -sum(case when named and k_pay <> k_old then 0 else amount end), 0,
           sum(case when k_pay = k_old and not is_credit then amount else 0 end),
           -sum(case when named and k_due <= k_old then applied else 0 end), 0
    from direct_k
    group by 1, 2
    union all   -- a payment dated in a month before its invoice's waits in the pool until then
    select ck, k_pay, -sum(amount), 0, sum(case when is_credit then 0 else amount end), 0, 0
    from direct_k where k_pay <> k_old
    group by 1, 2
    union all
    select ck, k_due - 1, 0, 0, 0, sum(applied), 0
    from direct_k where named and k_due <= k_old and k_due >= 1
    group by 1, 2
),
monthly as (
    select ck, k, sum(net) as net, sum(sales) as sales, sum(collected) as collected, sum(rc) as rc, sum(sw) as sw
    from deltas
    group by 1, 2
),
grid as (
    select c.ck, cal.k, cal.t
    from (select distinct ck from monthly) c cross join cal
),
cumulative as (
    select g.ck, g.k, g.t,
           coalesce(m.sales, 0) as sales,
           coalesce(m.collected, 0) as collected,
           sum(coalesce(m.net, 0)) over w as net,
           sum(coalesce(m.rc, 0)) over w as rc,
           sum(coalesce(m.sw, 0)) over w as sales_window
    from grid g
    left join monthly m on m.ck = g.ck and m.k = g.k
    window w as (partition by g.ck order by g.k desc rows between unbounded preceding and current row)
),
result as (
    select ck, k, t as month_end,
           greatest(0, net) as receivables,
           least(rc, greatest(0, net)) as not_due,
           greatest(0, -net) as unapplied_credit,
           sales, sales_window, collected
    from cumulative
)
select ids.customer_id, r.k, r.month_end, r.receivables, r.not_due, r.unapplied_credit,
       r.sales, r.sales_window, r.collected
from result r join customer_keys ids on ids.customer_key = r.ck
where receivables <> 0 or unapplied_credit <> 0 or sales <> 0 or sales_window <> 0 or collected <> 0
order by r.ck, r.k   -- the order of customer_id
