-- Last selling activity (visit, call, ...) of each customer on or before :as_of.
select customer_id, max(cast(date as date)) as last_activity
from activities
where customer_id is not null  -- an activity on a lead belongs to no customer
  and cast(date as date) <= :as_of
group by customer_id
