-- The relationship level of every customer at each month end from :first_month to :last_month
-- (first days of months; kamtools.segments.relationship_distribution): its latest record on or
-- before the month end; a customer without any record keeps customers.relationship_state (undated)
-- in every month; a month before a customer's first record has no level (null).
with digits as (
    select n from (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as d(n)
),
bounds as (   -- months counted from year 0: the first and the last month asked for
    select year(cast(:first_month as date)) * 12 + month(cast(:first_month as date)) - 1 as first_ym,
           year(cast(:last_month as date)) * 12 + month(cast(:last_month as date)) - 1 as last_ym
),
months as (   -- the end of each month from :first_month to :last_month (at most 10,000 months)
    select last_day(make_date(cast(floor(ym / 12) as integer), cast(ym % 12 + 1 as integer), 1)) as month_end
    from (
        select bounds.first_ym + a.n * 1000 + b.n * 100 + c.n * 10 + e.n as ym, bounds.last_ym
        from digits a cross join digits b cross join digits c cross join digits e cross join bounds
    ) k
    where ym <= last_ym
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
