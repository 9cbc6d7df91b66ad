-- Revenue, margin and buying customers per calendar month (kamtools.portfolio), from invoices
-- dated on or after :first and on or before :last; one customer when :customer_id is not empty.
-- Revenue is the net invoiced amount (credit notes are negative invoices and are deducted);
-- margin = amount - cost. A purchase is an invoice with a positive amount; buying customers
-- count the distinct customers with a purchase in the month. Months without invoices are
-- absent (the caller fills them with zeros). Sums are rounded to cents.
select
    date_trunc('month', invoice_date) as month,
    round(sum(amount), 2) as revenue,
    round(sum(cost), 2) as cost,
    round(sum(amount - cost), 2) as margin,
    round(sum(coalesce(discount, 0)), 2) as discount,
    count(case when amount > 0 then 1 end) as invoices,
    count(case when amount < 0 then 1 end) as credit_notes,
    count(distinct case when amount > 0 then customer_id end) as buying_customers
from invoices
where invoice_date >= :first
  and invoice_date <= :last
  and (:customer_id = '' or customer_id = :customer_id)
group by date_trunc('month', invoice_date)
