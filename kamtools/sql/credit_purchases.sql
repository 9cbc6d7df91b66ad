-- Purchases per customer over a window, for the credit limit (kamtools.credit.limits):
-- the net invoiced amount (credit notes are negative invoices and are deducted) with an
-- invoice date after :start and on or before :as_of.
select
    customer_id,
    sum(amount) as purchases,
    count(*) as invoices
from invoices
where invoice_date > :start
  and invoice_date <= :as_of
group by customer_id
