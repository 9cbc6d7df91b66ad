-- Without a products table every product the invoices name is a family of its own.
select distinct product, product as family from invoices where product is not null
