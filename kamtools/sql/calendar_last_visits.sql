-- The last activity of each type of each customer on or before :as_of (kamtools.calendar_plan
-- picks the types that count as a visit or a senior visit, and kamtools.practices those that
-- evidence a key-account practice): one row per customer and type, with how many there were
-- after :since.
select
    customer_id,
    type,
    max(cast(date as date)) as last_date,
    count(case when cast(date as date) > :since then 1 end) as recent
from activities
where cast(date as date) <= :as_of
group by customer_id, type
order by customer_id, type
