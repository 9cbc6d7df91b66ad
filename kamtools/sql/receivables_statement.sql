-- The documents of one customer up to :period_end, for its statement of account (used by
-- kamtools.receivables.statement): invoices, credit notes (negative invoices) and payments,
-- in date order. Money in whole cents: "cents" is what the document adds to the balance the
-- customer owes (an invoice adds, a credit note and a payment take away).
--
-- Columns: date, document (invoice, credit_note, payment), document_id, due_date (invoices),
-- reference (the invoice a payment names), cents.
with docs as (
    select cast(invoice_date as date) as date,
           case when amount < 0 then 'credit_note' else 'invoice' end as document,
           case when amount < 0 then 2 else 1 end as document_order,
           invoice_id as document_id,
           cast(coalesce(due_date, invoice_date) as date) as due_date,
           cast(null as string) as reference,
           cast(round(cast(amount as decimal(18, 2)) * 100) as bigint) as cents
    from invoices
    where customer_id = :customer_id and cast(invoice_date as date) <= :period_end
    union all
    select cast(payment_date as date) as date, 'payment' as document, 3 as document_order,
           payment_id as document_id, cast(null as date) as due_date,
           invoice_id as reference,
           -cast(round(cast(amount as decimal(18, 2)) * 100) as bigint) as cents
    from payments
    where customer_id = :customer_id and cast(payment_date as date) <= :period_end
)
select date, document, document_id, due_date, reference, cents
from docs
order by date, document_order, document_id
