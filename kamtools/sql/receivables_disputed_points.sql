-- The documents of each customer at each month end from :first to :last where it has a dispute
-- open (used by kamtools.receivables.monthly_trend, in front of the settlement of
-- receivables_settle.sql, kamtools.receivables.ledger_sql_per_customer). The relations invoices
-- and payments below stand in for the tables: a customer's invoices and payments dated on or before
-- the month end t, once per such t, their ids (customer, invoice, the invoice a payment or credit
-- note names) suffixed with '@' and t, so that the one settlement settles every customer at every
-- month end at once, each (customer, t) on its own, as a customer's documents settle among
-- themselves. Customers without a dispute open at t are not settled at t (nothing is held).
--
-- :first and :last are month ends; the points are the last day of every month from the month of
-- :first to the month of :last (at most 100 months).
with digits as (
    select n from (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as d(n)
),
span as (
    select extract(year from cast(:last as date)) * 12 + extract(month from cast(:last as date)) - 1 as ym,
           extract(year from cast(:first as date)) * 12 + extract(month from cast(:first as date)) - 1 as ym0
),
points as (
    select last_day(make_date(
               cast(floor((s.ym - (a.n * 10 + b.n)) / 12) as integer),
               cast((s.ym - (a.n * 10 + b.n)) % 12 + 1 as integer),
               1)) as t,
           cast(last_day(make_date(
               cast(floor((s.ym - (a.n * 10 + b.n)) / 12) as integer),
               cast((s.ym - (a.n * 10 + b.n)) % 12 + 1 as integer),
               1)) as string) as tag
    from digits a cross join digits b cross join span s
    where a.n * 10 + b.n <= s.ym - s.ym0
),
open_disputes as (   -- every dispute open at a point: opened on or before t, not closed by t
    select d.invoice_id, i.customer_id, p.t, p.tag,
           cast(d.amount as decimal(18, 2)) as amount, cast(d.opened_on as date) as opened_on, d.reason
    from disputes d
    join invoices i on i.invoice_id = d.invoice_id
    join points p
      on cast(d.opened_on as date) <= p.t
     and (d.closed_on is null or cast(d.closed_on as date) > p.t)
),
held_at as (
    select distinct customer_id, t, tag from open_disputes
),
invoices as (
    select i.invoice_id || '@' || h.tag as invoice_id,
           i.customer_id || '@' || h.tag as customer_id,
           i.invoice_date, i.due_date, i.amount,
           i.corrects_invoice_id || '@' || h.tag as corrects_invoice_id
    from invoices i
    join held_at h on h.customer_id = i.customer_id
    where cast(i.invoice_date as date) <= h.t
),
payments as (
    select p.customer_id || '@' || h.tag as customer_id,
           p.invoice_id || '@' || h.tag as invoice_id,
           p.payment_date, p.amount
    from payments p
    join held_at h on h.customer_id = p.customer_id
    where cast(p.payment_date as date) <= h.t
)
