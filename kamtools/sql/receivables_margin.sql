-- Gross margin of each customer's invoices dated after :start, up to and including :end
-- (used by the recovery equation): net invoiced amount (credit notes negative) and its cost,
-- of the invoices whose cost is known.
select customer_id,
       sum(cast(amount as decimal(18, 2))) as sales,
       sum(cast(cost as decimal(18, 2))) as cost
from invoices
where cast(invoice_date as date) > :start
  and cast(invoice_date as date) <= :end
  and cost is not null
group by customer_id
