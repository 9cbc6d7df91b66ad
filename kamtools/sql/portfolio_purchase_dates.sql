-- First purchase and last purchase on or before each of five month ends, per customer
-- (kamtools.portfolio.customer_counts): one pass over the purchase days (kamtools.store_keys)
-- instead of one per date, grouped by the customer's number; the id comes back at the end.
-- A purchase day is a day with an invoice of a positive amount, as in segments_customer_facts.
with dates as (
    select
        customer_key,
        min(case when purchases > 0 then invoice_date end) as first_purchase,
        max(case when purchases > 0 and invoice_date <= :d0 then invoice_date end) as last_d0,
        max(case when purchases > 0 and invoice_date <= :d1 then invoice_date end) as last_d1,
        max(case when purchases > 0 and invoice_date <= :d2 then invoice_date end) as last_d2,
        max(case when purchases > 0 and invoice_date <= :d12 then invoice_date end) as last_d12,
        max(case when purchases > 0 and invoice_date <= :d13 then invoice_date end) as last_d13
    from purchase_days
    where invoice_date <= :d0
    group by customer_key
)
select k.customer_id, d.first_purchase, d.last_d0, d.last_d1, d.last_d2, d.last_d12, d.last_d13
from dates d
join customer_keys k on k.customer_key = d.customer_key
