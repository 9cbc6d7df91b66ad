-- Last sign of life of each customer among its activities on or before :as_of (used by
-- kamtools.receivables silent debtors instead of receivables_last_activity.sql when the
-- activities record call outcomes): every activity but a collection call that reached nobody
-- (outcome no_answer or wrong_contact, as kam import-calls records them), which shows no
-- more than that the debtor cannot be reached.
select customer_id, max(cast(date as date)) as last_activity
from activities
where customer_id is not null  -- an activity on a lead belongs to no customer
  and cast(date as date) <= :as_of
  and coalesce(outcome, '') not in ('no_answer', 'wrong_contact')
group by customer_id
