-- The cross-sell list (kamtools.segments.cross_sell): for each account of tier :tier, the product
-- families it did not buy (no net revenue above zero after :start up to :as_of) that the similar
-- accounts (the other customers of the same industry and tier) did buy; with how many peers there are,
-- how many of them buy the family, that share, and the median of their revenue in it, ranked by the
-- share, then the median revenue, then the family's name. A family is listed when at least :min_peers
-- peers and a share of at least :min_share of them buy it. The accounts of the tier come as a list of
-- customer ids (:customer_ids; a list both DuckDB and Spark SQL bind, read with array_contains, which
-- both take). Follows "with product_families as (...)".
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
members as (
    select c.customer_id, cast(:tier as string) as tier, c.industry
    from customers c
    where array_contains(:customer_ids, c.customer_id)
      and c.industry is not null
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
    where g.members > 1
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
