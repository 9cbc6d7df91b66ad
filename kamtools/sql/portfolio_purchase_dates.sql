-- First purchase and last purchase on or before each of five month ends, per customer
-- (kamtools.portfolio.customer_counts): one pass over the invoices instead of one per date.
-- A purchase is an invoice with a positive amount, as in segments_customer_facts.
select
    customer_id,
    min(case when amount > 0 then invoice_date end) as first_purchase,
    max(case when amount > 0 and invoice_date <= :d0 then invoice_date end) as last_d0,
    max(case when amount > 0 and invoice_date <= :d1 then invoice_date end) as last_d1,
    max(case when amount > 0 and invoice_date <= :d2 then invoice_date end) as last_d2,
    max(case when amount > 0 and invoice_date <= :d12 then invoice_date end) as last_d12,
    max(case when amount > 0 and invoice_date <= :d13 then invoice_date end) as last_d13
from invoices
where invoice_date <= :d0
group by customer_id
