-- Selling time per lead (kamtools.segments: prospect time): hours and number of activities on a
-- lead (lead_id filled, no customer) with a date after :start and on or before :as_of.
select
    lead_id,
    sum(hours) as hours_12m,
    count(*) as activities_12m
from activities
where lead_id is not null
  and customer_id is null
  and date > :start
  and date <= :as_of
group by lead_id
