-- Revenue and margin per customer and product family (kamtools.segments.product_mix) of the invoices
-- (credit notes included: net) dated after :start and on or before :as_of; family is null for the
-- invoices that name no product, or a product the families do not list. Follows
-- "with product_families as (...)".
, sold as (
    select
        i.customer_id,
        f.family,
        i.amount,
        i.cost
    from invoices i
    left join product_families f on f.product = i.product
    where i.invoice_date > :start
      and i.invoice_date <= :as_of
)
select
    customer_id,
    family,
    sum(amount) as revenue_12m,
    sum(amount - cost) as margin_12m,
    count(*) as invoices_12m
from sold
group by customer_id, family
