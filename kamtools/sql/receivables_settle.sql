-- Settlement of the receivables ledger at :as_of (used by kamtools.receivables.settle,
-- open_items and unapplied_credit). One set-based statement, no loops.
--
-- Only invoices and payments dated on or before :as_of count. Amounts are exact
-- decimals (cents).
--  1. A payment whose invoice_id names a positive invoice of the same customer (dated
--     on or before :as_of) settles that invoice, capped at its amount; the excess
--     goes to the customer's pool of unapplied cash.
--     A credit note (negative invoice) whose corrects_invoice_id names a positive invoice of
--     the same customer (dated on or before :as_of) settles that invoice in the same way,
--     together with the payments naming it: capped at its amount, the excess to the pool.
--  2. Payments without invoice_id (or naming an invoice that is not such an invoice),
--     and the other credit notes, go to the pool.
--  3. The pool settles the customer's remaining invoices oldest due date first
--     (tie-break: invoice_date, then invoice_id): the running total of remaining
--     amounts in that order is compared with the pool (window function).
--  4. What the pool holds beyond all remaining invoices is the customer's unapplied
--     credit: never lost, reported on its own row.
--
-- Result: the relation "ledger", one row per open invoice (kind = 'invoice') and one row per
-- customer with unapplied credit (kind = 'credit', invoice_id null, open_amount = the credit),
-- here ordered by customer, due date, invoice date and invoice id (the engine sorts in
-- parallel; the caller keeps this order).
--
-- The per-customer summaries of the ledger (receivables_aging.sql, receivables_origin_year.sql,
-- receivables_open_due.sql) are queries on "ledger": kamtools runs each one with the CTEs of
-- this file in front of it (everything before the final "select * from ledger"), so the
-- settlement rules live here only. On another engine, register this query as a view named
-- ledger and run the summary on it.
with inv as (
    select invoice_id, customer_id,
           cast(invoice_date as date) as invoice_date,
           cast(coalesce(due_date, invoice_date) as date) as due_date,
           cast(amount as decimal(18, 2)) as amount,
           corrects_invoice_id
    from invoices
    where cast(invoice_date as date) <= :as_of
),
pay as (
    select p.customer_id, cast(p.amount as decimal(18, 2)) as amount,
           i.invoice_id as settles            -- null: goes to the pool
    from payments p
    left join inv i
      on i.invoice_id = p.invoice_id and i.customer_id = p.customer_id and i.amount > 0
    where cast(p.payment_date as date) <= :as_of
    union all
    select c.customer_id, -c.amount as amount,  -- a credit note settles the invoice it corrects first
           i.invoice_id as settles
    from inv c
    left join inv i
      on i.invoice_id = c.corrects_invoice_id and i.customer_id = c.customer_id and i.amount > 0
    where c.amount < 0
),
direct as (
    select settles as invoice_id, sum(amount) as paid
    from pay
    where settles is not null
    group by settles
),
debit as (
    select i.invoice_id, i.customer_id, i.invoice_date, i.due_date, i.amount,
           least(i.amount, coalesce(d.paid, 0)) as applied,
           coalesce(d.paid, 0) - least(i.amount, coalesce(d.paid, 0)) as excess
    from inv i
    left join direct d on d.invoice_id = i.invoice_id
    where i.amount > 0
),
pool as (
    select customer_id, sum(x) as pool
    from (
        select customer_id, excess as x from debit where excess > 0
        union all
        select customer_id, amount as x from pay where settles is null
    ) src
    group by customer_id
),
remaining as (
    select d.invoice_id, d.customer_id, d.invoice_date, d.due_date, d.amount,
           d.amount - d.applied as rem,
           sum(d.amount - d.applied) over (
               partition by d.customer_id
               order by d.due_date, d.invoice_date, d.invoice_id
               rows between unbounded preceding and current row
           ) - (d.amount - d.applied) as rem_before
    from debit d
    where d.amount > d.applied
),
settled as (
    select r.*,
           r.rem - greatest(0, least(r.rem, coalesce(p.pool, 0) - r.rem_before)) as open_amount
    from remaining r
    left join pool p on p.customer_id = r.customer_id
),
credit as (
    select p.customer_id, p.pool - coalesce(t.rem_total, 0) as credit
    from pool p
    left join (select customer_id, sum(rem) as rem_total from remaining group by customer_id) t
      on t.customer_id = p.customer_id
    where p.pool > coalesce(t.rem_total, 0)
),
ledger as (
    select 'invoice' as kind, invoice_id, customer_id, invoice_date, due_date, amount,
           open_amount, date_diff('day', due_date, :as_of) as days_past_due
    from settled
    where open_amount > 0
    union all
    select 'credit' as kind, cast(null as string) as invoice_id, customer_id,
           cast(null as date) as invoice_date, cast(null as date) as due_date,
           cast(null as decimal(18, 2)) as amount, credit as open_amount,
           cast(null as bigint) as days_past_due
    from credit
)
select * from ledger
order by customer_id, due_date, invoice_date, invoice_id
