-- Open receivables per customer and calendar year the invoice was issued (used by
-- kamtools.receivables.by_origin_year on a KamData). A query on the relation "ledger" of
-- receivables_settle.sql, whose settlement CTEs kamtools puts in front of it.
-- Money in whole cents. Columns: customer_id, origin_year, cents.
select customer_id, extract(year from invoice_date) as origin_year,
       sum(cast(open_amount * 100 as bigint)) as cents
from ledger
where kind = 'invoice'
group by customer_id, extract(year from invoice_date)
