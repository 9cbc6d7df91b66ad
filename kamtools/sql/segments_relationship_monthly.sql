-- The relationship level of every customer at each month end from :first_month to :last_month
-- (first days of months; kamtools.segments.relationship_distribution): its latest record on or
-- before the month end; a customer without any record keeps customers.relationship_state (undated)
-- in every month; a month before a customer's first record has no level (null).
with months as (
    select cast(last_day(cast(m as date)) as date) as month_end
    from generate_series(cast(:first_month as date), cast(:last_month as date), interval 1 month) as g(m)
),
spans as (
    select
        customer_id,
        date as valid_from,
        lead(date) over (partition by customer_id order by date) as valid_to,
        relationship_state
    from relationships
),
recorded as (
    select distinct customer_id from relationships
),
levels as (
    select c.customer_id, m.month_end, s.relationship_state
    from customers as c
    cross join months as m
    left join spans as s
        on s.customer_id = c.customer_id
        and s.valid_from <= m.month_end
        and (s.valid_to is null or s.valid_to > m.month_end)
    where c.customer_id in (select customer_id from recorded)
    union all
    select c.customer_id, m.month_end, c.relationship_state
    from customers as c
    cross join months as m
    where c.customer_id not in (select customer_id from recorded)
)
select
    month_end,
    coalesce(relationship_state, 'unrecorded') as relationship_state,
    count(*) as customers
from levels
group by month_end, coalesce(relationship_state, 'unrecorded')
order by month_end, relationship_state
