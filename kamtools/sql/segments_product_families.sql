-- The product family of each product (kamtools.segments.product_mix): the products table's.
-- The mix and cross-sell queries are written after "with product_families as (<this>)".
select product, family from products where family is not null
