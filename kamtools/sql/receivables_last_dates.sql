-- Last invoice and last payment of each customer on or before :as_of, with the amount
-- received on the last payment date (used by silent_debtors and worklist).
with inv as (
    select customer_id, max(cast(invoice_date as date)) as last_invoice
    from invoices
    where cast(invoice_date as date) <= :as_of
    group by customer_id
),
pay as (
    select customer_id, cast(payment_date as date) as payment_date, sum(amount) as amount
    from payments
    where cast(payment_date as date) <= :as_of
    group by customer_id, cast(payment_date as date)
),
last_pay as (
    select customer_id, payment_date as last_payment, amount as last_payment_amount
    from (
        select customer_id, payment_date, amount,
               row_number() over (partition by customer_id order by payment_date desc) as rn
        from pay
    ) ranked
    where rn = 1
)
select coalesce(i.customer_id, p.customer_id) as customer_id,
       i.last_invoice, p.last_payment, p.last_payment_amount
from inv i
full outer join last_pay p on p.customer_id = i.customer_id
