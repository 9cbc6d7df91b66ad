-- The invoices of the customers with a dispute open at some time from :first to :last (used by
-- kamtools.receivables.monthly_trend: what open disputes hold at each month end is read from the
-- settlement of these customers alone, which equals theirs in the whole book's settlement, as a
-- customer's invoices and payments settle among themselves). Columns: the table's own.
with disputed as (
    select distinct i.customer_id
    from disputes d
    join invoices i on i.invoice_id = d.invoice_id
    where cast(d.opened_on as date) <= :last
      and (d.closed_on is null or cast(d.closed_on as date) > :first)
)
select t.* from invoices t where t.customer_id in (select customer_id from disputed)
