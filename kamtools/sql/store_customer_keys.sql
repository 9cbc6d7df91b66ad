-- The customer key (客户编号): a whole number for each customer, 1, 2, ... in the order of the
-- customer ids (as text, byte by byte), over the customers table and the customers the invoices
-- and the payments name (in a checked store each of them is in the customers table; data given
-- as frames may hold a payment of a customer named nowhere else, which the receivables count).
-- Written into the store by every import beside the user's ids (kamtools.store_keys), so the
-- facts queries group by a number instead of a text id and bring the id back at the end.
-- The same ids always get the same keys; a new customer moves the keys of the ids after it, so a
-- key is only ever read within one store, never kept outside it.
select cast(row_number() over (order by customer_id) as integer) as customer_key, customer_id
from (
    select distinct customer_id from customers
    union
    select distinct customer_id from invoices
    union
    select distinct customer_id from payments
) ids
where customer_id is not null
