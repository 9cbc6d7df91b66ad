-- The latest collection call of each customer on or before :as_of (used by
-- kamtools.receivables.worklist): an activity of type 'call' with an outcome, as kam import-calls
-- records the calls of a filled worklist (a CRM may record them alike). Its date, outcome and
-- the next step agreed; on two calls of one day, the larger activity_id.
-- Columns: customer_id, last_call, last_call_outcome, last_call_next_step.
select customer_id, call_date as last_call, outcome as last_call_outcome, next_step as last_call_next_step
from (
    select customer_id, cast(date as date) as call_date, outcome, next_step,
           row_number() over (partition by customer_id order by cast(date as date) desc, activity_id desc) as latest
    from activities
    where customer_id is not null and lower(type) = 'call' and outcome is not null and cast(date as date) <= :as_of
) calls
where latest = 1
