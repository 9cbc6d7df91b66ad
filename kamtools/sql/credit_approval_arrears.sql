-- What each customer owed past due the day its limit in force was approved (used by
-- kamtools.credit.approval_exceptions, on the settlement at each customer's own day of
-- credit_approval_cutoff.sql): the most days an open invoice was past due that day, and the open
-- amount more than :hold_days days past due then. Only customers with an open invoice that day.
select l.customer_id,
       c.cutoff as approved_on,
       max(date_diff('day', l.due_date, c.cutoff)) as days_past_due_then,
       sum(case when date_diff('day', l.due_date, c.cutoff) > :hold_days then l.open_amount else 0 end) as arrears_then
from ledger l
join cutoff c on c.customer_id = l.customer_id
where l.kind = 'invoice'
group by l.customer_id, c.cutoff
