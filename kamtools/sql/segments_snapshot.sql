-- The stored snapshot of one period (kam snapshot, kam report): each customer's tier, class scores,
-- credit grade and score, limit in force, lifecycle stage, status and relationship as the month
-- :period (YYYY-MM) ended, and the day it was stored (used by kamtools.segments.history).
-- Columns: customer_id, tier, value_score, potential_score, relationship_score, attractiveness_score,
-- composite, grade, score, credit_limit, stage, status, relationship_state, relationship_level, written_on.
select customer_id, tier, value_score, potential_score, relationship_score, attractiveness_score, composite,
       grade, score, cast(credit_limit as double) as credit_limit, stage, status, relationship_state,
       relationship_level, written_on
from snapshots
where period = :period
order by customer_id
