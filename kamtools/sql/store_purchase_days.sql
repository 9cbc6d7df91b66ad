-- The purchase days (购买日): one row per customer (by its key, store_customer_keys) and invoice
-- day, written into the store by every import (kamtools.store_keys): the day's net amount
-- (credit notes deducted), margin (amount - cost, as segments_customer_facts sums it), discounts
-- (empty counts as 0), purchases (invoices with a positive amount: a day with one is a purchase
-- day) and invoices. RFM, the customer facts behind the lifecycle and the pyramid, and the
-- portfolio's purchase dates read it instead of every invoice.
select
    k.customer_key,
    i.invoice_date,
    sum(i.amount) as amount,
    sum(i.amount - i.cost) as margin,
    sum(coalesce(i.discount, 0)) as discount,
    count(case when i.amount > 0 then 1 end) as purchases,
    count(*) as invoices
from invoices i
join customer_keys k on k.customer_id = i.customer_id
where i.invoice_date is not null
group by k.customer_key, i.invoice_date
