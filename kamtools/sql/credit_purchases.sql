-- Purchases per customer over a window, for the credit limit's terms need
-- (kamtools.credit.limits): invoices dated after :start and on or before :as_of, credit
-- notes (negative invoices) deducted. Months are calendar months of the invoice date.
--
-- Columns: customer_id; purchases (net invoiced amount of the window); invoices (count);
-- months_bought (calendar months whose net purchases are above 0); peak_purchases (the
-- highest net purchases of :peak_months consecutive calendar months, a month without
-- invoices counting 0; months outside the window count 0). Only customers with an invoice
-- in the window.
with monthly as (
    select customer_id,
           extract(year from cast(invoice_date as date)) * 12
               + extract(month from cast(invoice_date as date)) as m,
           sum(cast(amount as decimal(18, 2))) as amount,
           count(*) as invoices
    from invoices
    where cast(invoice_date as date) > :start
      and cast(invoice_date as date) <= :as_of
    group by customer_id,
             extract(year from cast(invoice_date as date)) * 12
                 + extract(month from cast(invoice_date as date))
),
runs as (
    -- net purchases of the :peak_months months starting at each month with invoices: a run
    -- starting at a month without invoices holds no more than the one starting at the next
    -- month with invoices, so these runs hold the highest
    select a.customer_id, a.m, sum(b.amount) as amount
    from monthly a
    join monthly b
      on b.customer_id = a.customer_id
     and b.m >= a.m
     and b.m < a.m + :peak_months
    group by a.customer_id, a.m
),
totals as (
    select customer_id,
           sum(amount) as purchases,
           sum(invoices) as invoices,
           sum(case when amount > 0 then 1 else 0 end) as months_bought
    from monthly
    group by customer_id
),
peaks as (
    select customer_id, max(amount) as peak_purchases
    from runs
    group by customer_id
)
select t.customer_id, t.purchases, t.invoices, t.months_bought, p.peak_purchases
from totals t
left join peaks p on p.customer_id = t.customer_id
