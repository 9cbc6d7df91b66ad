-- The cross-sell list (kamtools.segments.cross_sell): for each account of tier :tier, the product
-- families it did not buy (no net revenue above zero after :start up to :as_of) that the similar
-- accounts (the other customers of the same industry and tier) did buy; with how many peers there are,
-- how many of them buy the family, that share, and the median of their revenue in it, ranked by the
-- share, then the median revenue, then the family's name. A family is listed when at least :min_peers
-- peers and a share of at least :min_share of them buy it. The tier of each customer comes as two lists
-- of equal length (:customer_ids, :tiers). Follows "with product_families as (...)".
, sold as (
    select i.customer_id, f.family, sum(i.amount) as revenue_12m
    from invoices i
    join product_families f on f.product = i.product
    where i.invoice_date > :start
      and i.invoice_date <= :as_of
    group by i.customer_id, f.family
),
bought as (
    select customer_id, family, revenue_12m from sold where revenue_12m > 0
),
tiers as (
    select unnest(:customer_ids) as customer_id, unnest(:tiers) as tier
),
members as (
    select t.customer_id, t.tier, c.industry
    from tiers t
    join customers c on c.customer_id = t.customer_id
    where c.industry is not null
),
group_sizes as (
    select industry, tier, count(*) as members from members group by industry, tier
),
peer_families as (
    select
        m.industry,
        m.tier,
        b.family,
        count(*) as buyers,
        percentile_cont(0.5) within group (order by b.revenue_12m) as typical_revenue
    from members m
    join bought b on b.customer_id = m.customer_id
    group by m.industry, m.tier, b.family
),
candidates as (
    select
        m.customer_id,
        m.industry,
        m.tier,
        p.family,
        g.members - 1 as peers,
        p.buyers as peers_buying,
        cast(p.buyers as double) / (g.members - 1) as peer_share,
        p.typical_revenue as peer_typical_revenue
    from members m
    join group_sizes g on g.industry = m.industry and g.tier = m.tier
    join peer_families p on p.industry = m.industry and p.tier = m.tier
    where m.tier = :tier
      and g.members > 1
      and not exists (
          select 1 from bought b where b.customer_id = m.customer_id and b.family = p.family
      )
)
select
    *,
    row_number() over (
        partition by customer_id
        order by peer_share desc, peer_typical_revenue desc, family
    ) as cross_sell_rank
from candidates
where peers_buying >= :min_peers
  and peer_share >= :min_share
order by customer_id, cross_sell_rank
