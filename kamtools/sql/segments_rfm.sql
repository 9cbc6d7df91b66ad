-- RFM of every customer that has bought on or before :as_of (kamtools.segments.rfm).
--   recency   = date of the last purchase (an invoice with a positive amount), any time up to :as_of;
--   frequency = purchase days (distinct invoice dates of purchases) after :start, up to :as_of;
--   monetary  = net invoiced amount (credit notes deducted) after :start, up to :as_of.
-- Scores 1..:levels: score = min(:levels, 1 + floor(:levels * below / (n - 1))), where n is the
-- number of buyers and below the number of buyers with a strictly worse value (an earlier last
-- purchase, fewer purchase days, less money): the share of the other buyers this one beats.
-- The worst value scores 1, the best :levels; a single buyer scores the middle level. Tied
-- values share a score, so scores do not depend on the order of rows, and they depend on
-- ranks only, so scaling money changes none.
-- Monetary is ranked at 12 significant digits of the largest monetary of the buyers, not at a
-- fixed number of decimals: the noise of summing floating-point amounts in another row order
-- goes, every real difference stays, whatever the unit of the money. This is the money rule of
-- kamtools.money (MONEY_DIGITS = 12, so 11 = MONEY_DIGITS - 1 below; tests/test_money.py
-- checks it).
-- Read from the purchase days (one row per customer key and invoice day, kamtools.store_keys): one
-- aggregate grouped by the customer's number; the customer id comes back for the buyers at the end.
with facts as (
    select
        customer_key,
        max(case when purchases > 0 then invoice_date end) as last_purchase,
        count(case when purchases > 0 and invoice_date > :start then 1 end) as frequency,
        sum(case when invoice_date > :start then amount else 0 end) as monetary_sum
    from purchase_days
    where invoice_date <= :as_of
    group by customer_key
),
-- digits of the largest monetary: null when every monetary is zero (nothing to round)
sized as (
    select f.*, floor(log10(nullif(max(abs(monetary_sum)) over (), 0))) as magnitude
    from facts f
    where last_purchase is not null
),
buyers as (
    select
        customer_key, last_purchase, frequency,
        case when magnitude is null then monetary_sum
             when magnitude <= 11
                 then round(monetary_sum * power(10, 11 - magnitude)) / power(10, 11 - magnitude)
             else round(monetary_sum / power(10, magnitude - 11)) * power(10, magnitude - 11) end
            as monetary
    from sized
),
ranked as (
    select
        customer_key, last_purchase, frequency, monetary,
        count(*) over () as n,
        rank() over (order by last_purchase) - 1 as r_below,
        rank() over (order by frequency) - 1 as f_below,
        rank() over (order by monetary) - 1 as m_below
    from buyers
)
select
    k.customer_id, r.last_purchase, r.frequency, r.monetary,
    case when n = 1 then cast(floor((:levels + 1) / 2.0) as integer)
         else least(:levels, cast(floor(1.0 * :levels * r_below / (n - 1)) as integer) + 1) end as r_score,
    case when n = 1 then cast(floor((:levels + 1) / 2.0) as integer)
         else least(:levels, cast(floor(1.0 * :levels * f_below / (n - 1)) as integer) + 1) end as f_score,
    case when n = 1 then cast(floor((:levels + 1) / 2.0) as integer)
         else least(:levels, cast(floor(1.0 * :levels * m_below / (n - 1)) as integer) + 1) end as m_score
from ranked r
join customer_keys k on k.customer_key = r.customer_key
