-- The relationship records (kamtools.segments.relationship_history) dated on or before :as_of,
-- each with the level recorded before it (previous_state) and the move on the ladder: up, down,
-- same, or first for a customer's first record. The ladder's order is the codes' of
-- customers.relationship_state: none, strained, transactional (buyer), cooperative (priority
-- purchaser), partnership (partner), strategic_alliance (strategic alliance).
with recorded as (
    select
        customer_id,
        date,
        relationship_state,
        relationship_quality,
        note,
        recorded_by,
        lag(relationship_state) over (partition by customer_id order by date) as previous_state
    from relationships
    where date <= :as_of
),
ranked as (
    select
        *,
        case relationship_state
            when 'none' then 0 when 'strained' then 1 when 'transactional' then 2
            when 'cooperative' then 3 when 'partnership' then 4 when 'strategic_alliance' then 5
        end as rung,
        case previous_state
            when 'none' then 0 when 'strained' then 1 when 'transactional' then 2
            when 'cooperative' then 3 when 'partnership' then 4 when 'strategic_alliance' then 5
        end as previous_rung
    from recorded
)
select
    customer_id,
    date,
    relationship_state,
    relationship_quality,
    note,
    recorded_by,
    previous_state,
    case
        when previous_state is null then 'first'
        when rung > previous_rung then 'up'
        when rung < previous_rung then 'down'
        else 'same'
    end as move
from ranked
order by customer_id, date
