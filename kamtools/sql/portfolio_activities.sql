-- Activities of one customer by type (kamtools.portfolio): dated after :start and on or before
-- :as_of (the trailing 12 months): how many, the hours spent and the latest date.
select
    type,
    count(*) as activities,
    coalesce(sum(hours), 0) as hours,
    max(date) as last_date
from activities
where customer_id = :customer_id
  and date > :start
  and date <= :as_of
group by type
order by hours desc, activities desc, type
