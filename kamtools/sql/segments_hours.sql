-- Selling time per customer (kamtools.segments): hours and number of activities with a date
-- after :start and on or before :as_of (the trailing 12 months).
select
    customer_id,
    sum(hours) as hours_12m,
    count(*) as activities_12m
from activities
where date > :start
  and date <= :as_of
group by customer_id
