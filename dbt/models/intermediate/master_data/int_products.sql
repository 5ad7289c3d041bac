{#- One row per SKU of products.csv: the first row where a SKU repeats. -#}

with products as (
    {{ first_row_per_key(ref('stg_landing__products'), ['sku']) }}
)

select sku, product_line, is_service, solution
from products
