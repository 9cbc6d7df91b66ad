-- Each customer's documents up to the day of its approval in force (used by
-- kamtools.credit.approval_exceptions, in front of the settlement of receivables_settle.sql,
-- kamtools.receivables.ledger_sql_per_customer): the approval in force is the latest approval of
-- credit_limits on or before :as_of; the relations invoices and payments below stand in for the
-- tables, holding each customer's invoices and payments dated on or before that day, so that the
-- settlement gives what the customer owed, and how late, the day its limit was approved.
with cutoff as (
    select customer_id, max(cast(approved_on as date)) as cutoff
    from credit_limits
    where cast(approved_on as date) <= :as_of
    group by customer_id
),
invoices as (
    select i.*
    from invoices i
    join cutoff c on c.customer_id = i.customer_id
    where cast(i.invoice_date as date) <= c.cutoff
),
payments as (
    select p.*
    from payments p
    join cutoff c on c.customer_id = p.customer_id
    where cast(p.payment_date as date) <= c.cutoff
)
