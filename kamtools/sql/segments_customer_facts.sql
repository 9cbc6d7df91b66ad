-- Per-customer facts of the segments analysis (kamtools.segments), from invoices up to :as_of.
-- Trailing window ("_12m"): invoice_date after :start and on or before :as_of.
-- Previous window ("_prev_12m"): invoice_date after :prev_start and on or before :start.
-- Revenue is the net invoiced amount (credit notes are negative invoices and are deducted);
-- margin = amount - cost; discount = discounts granted (empty counts as 0).
-- A purchase is an invoice with a positive amount; purchase days count distinct invoice dates
-- (one order split into several invoices, as with VAT invoice limits, counts once).
-- Sums are not rounded here: kamtools.segments.customer_facts keeps them, and the amounts it
-- derives from them, at 12 significant digits of the book's largest sum (kamtools.money), which
-- removes the noise of adding floating-point amounts in another row order without a fixed number
-- of decimals.
-- Read from the purchase days (one row per customer key and invoice day, kamtools.store_keys),
-- grouped by the customer's number; the customer id comes back at the end.
with sums as (
    select
        customer_key,
        sum(case when invoice_date > :start then amount else 0 end) as revenue_12m,
        sum(case when invoice_date > :start then margin else 0 end) as margin_12m,
        sum(case when invoice_date > :start then discount else 0 end) as discount_12m,
        sum(case when invoice_date > :prev_start and invoice_date <= :start
                  then amount else 0 end) as revenue_prev_12m,
        sum(case when invoice_date > :prev_start and invoice_date <= :start
                  then margin else 0 end) as margin_prev_12m,
        cast(sum(case when invoice_date > :start then purchases else 0 end) as bigint) as invoices_12m,
        count(case when invoice_date > :start and purchases > 0 then 1 end) as purchase_days_12m,
        cast(sum(purchases) as bigint) as invoices_total,
        min(case when purchases > 0 then invoice_date end) as first_purchase,
        max(case when purchases > 0 then invoice_date end) as last_purchase
    from purchase_days
    where invoice_date <= :as_of
    group by customer_key
)
select
    k.customer_id, s.revenue_12m, s.margin_12m, s.discount_12m, s.revenue_prev_12m, s.margin_prev_12m,
    s.invoices_12m, s.purchase_days_12m, s.invoices_total, s.first_purchase, s.last_purchase
from sums s
join customer_keys k on k.customer_key = s.customer_key
