-- Flows of one month per customer (used by collection_performance), for the days
-- :start to :end inclusive:
--   falling_due: positive invoices dated in the month and due by :end
--   invoiced:    net invoices dated in the month (credit notes negative)
--   received:    payments dated in the month
select customer_id, sum(falling_due) as falling_due, sum(invoiced) as invoiced,
       sum(received) as received
from (
    select customer_id,
           case when amount > 0 and cast(coalesce(due_date, invoice_date) as date) <= :end
                then cast(amount as decimal(18, 2)) else 0 end as falling_due,
           cast(amount as decimal(18, 2)) as invoiced,
           cast(0 as decimal(18, 2)) as received
    from invoices
    where cast(invoice_date as date) between :start and :end
    union all
    select customer_id, 0, 0, cast(amount as decimal(18, 2))
    from payments
    where cast(payment_date as date) between :start and :end
) flows
group by customer_id
