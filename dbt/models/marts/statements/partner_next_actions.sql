{#- What a partner can do next, as int_partner_next_actions works it out. -#}

select
    partner_id,
    fiscal_quarter,
    action,
    product_line,
    tier,
    reward_type,
    amount_usd,
    tier_drops_on
from {{ ref('int_partner_next_actions') }}
