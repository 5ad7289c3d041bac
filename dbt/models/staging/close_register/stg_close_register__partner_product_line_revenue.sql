{#- The rows of marts.partner_product_line_revenue that each close recorded (close_sequence),
    with that mart's columns, and the quarter's index. -#}

select
    recorded.*,
    {{ fiscal_quarter_index_from_text('recorded.fiscal_quarter') }} as quarter_index
from {{ source('close_register', 'recorded_partner_product_line_revenue') }} as recorded
