-- Open receivables per customer at :as_of that are due on or before :due_by (used by
-- kamtools.receivables.collection_performance: what was open at the end of the previous
-- month and falls due by the end of this one). A query on the relation "ledger" of
-- receivables_settle.sql, whose settlement CTEs kamtools puts in front of it.
-- Money in whole cents. Columns: customer_id, cents.
select customer_id, sum(cast(open_amount * 100 as bigint)) as cents
from ledger
where kind = 'invoice' and due_date <= :due_by
group by customer_id
