"""What we sell (产品): products and their families, and the customers' purchases of a family from every
supplier (the wallet per product family, 分品类采购潜力)."""

from __future__ import annotations

from ._model import CUSTOMER_FK, OPTIONAL, Column, Table, money_column

PRODUCT_TABLES: tuple[Table, ...] = (
    Table(
        "products",
        "Products and the product family each belongs to (the product mix and the cross-sell list read the "
        "families). Without this table every product of the invoices is a family of its own.",
        (
            Column("product", "id", "Product as the invoices name it", chinese="产品"),
            Column("family", "text", "Product family (product line) the product belongs to", chinese="产品系列"),
            Column("family_zh", "text", "Chinese name of the product family", **OPTIONAL, chinese="产品系列中文名"),
            Column("product_name", "text", "Name of the product (English)", **OPTIONAL, chinese="产品名称（英文）"),
            Column("product_name_zh", "text", "Name of the product (Chinese)", **OPTIONAL, chinese="产品名称"),
        ),
        chinese="产品",
        key=("product",),
        optional=True,
    ),
    Table(
        "wallet_estimates",
        "The account manager's estimate of what a customer buys a year of one product family from all its "
        "suppliers (its wallet in that family); our share of wallet per family is our revenue of the last 12 "
        "months in the family divided by it.",
        (
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column(
                "family",
                "text",
                "Product family, as the products table names it",
                references="products.family",
                chinese="产品系列",
            ),  # fmt: skip
            money_column(
                "wallet_estimate", "Yearly purchases of the family from all suppliers (estimated)", "品类采购潜力"
            ),
            Column("estimated_on", "date", "Day the estimate was made", **OPTIONAL, chinese="估计日期"),
        ),
        chinese="分品类采购潜力",
        key=("customer_id", "family"),
        optional=True,
    ),
)
