-- Selling time per customer (kamtools.segments): hours and number of activities with a date
-- after :start and on or before :as_of (the trailing 12 months); activities on leads are apart
-- (segments_lead_hours).
select
    customer_id,
    sum(hours) as hours_12m,
    count(*) as activities_12m
from activities
where customer_id is not null
  and date > :start
  and date <= :as_of
group by customer_id
