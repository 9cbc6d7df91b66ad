-- Totals of one window of invoices (kamtools.portfolio): invoice_date on or after :first and on
-- or before :last; one customer when :customer_id is not empty. Same definitions as
-- portfolio_monthly; buying customers are distinct over the whole window (a customer buying
-- in several months of the window counts once). An empty window gives one row of zeros.
select
    round(coalesce(sum(amount), 0), 2) as revenue,
    round(coalesce(sum(amount - cost), 0), 2) as margin,
    round(coalesce(sum(coalesce(discount, 0)), 0), 2) as discount,
    count(case when amount > 0 then 1 end) as invoices,
    count(distinct case when amount > 0 then customer_id end) as buying_customers
from invoices
where invoice_date >= :first
  and invoice_date <= :last
  and (:customer_id = '' or customer_id = :customer_id)
