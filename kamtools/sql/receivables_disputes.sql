-- Disputes open at :as_of (used by kamtools.receivables.open_disputes when the store holds the
-- optional table "disputes": invoice_id, amount, reason, opened_on, closed_on, owner).
--
-- A dispute is open at :as_of when it was opened on or before :as_of and is not closed on or
-- before it (closed_on empty or later). The customer is the disputed invoice's. Amounts in
-- exact cents; the caller caps what is disputed at what the invoice still has open.
--
-- Columns: invoice_id, customer_id, amount, reason, opened_on, owner; ordered by customer,
-- invoice, opened_on, then amount (several disputes of one invoice are taken in that order).
select d.invoice_id, i.customer_id, cast(d.amount as decimal(18, 2)) as amount, d.reason,
       cast(d.opened_on as date) as opened_on, d.owner
from disputes d
join invoices i on i.invoice_id = d.invoice_id
where cast(d.opened_on as date) <= :as_of
  and (d.closed_on is null or cast(d.closed_on as date) > :as_of)
order by i.customer_id, d.invoice_id, cast(d.opened_on as date), d.amount, d.reason
