{#- Every reward line computed from today's inputs (overview: Rewards), for every program quarter,
    each reward type from its own int_rewards_ model (a new reward type is one more model in
    this list and its seed rows). A closed quarter's lines are computed at the tiers in force
    recorded for it: what it would earn now, compared with what was booked (overview: Closing a quarter). -#}

{%- set reward_models = [
    'int_rewards_base',
    'int_rewards_growth_at_market',
    'int_rewards_new_logo',
    'int_rewards_services',
    'int_rewards_solution',
] %}

with reward_lines as (
    {% for model in reward_models %}
    select
        partner_id, quarter_index, reward_type, product_line, reference, basis_usd, rate,
        amount_usd, note
    from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    reward_lines.partner_id,
    quarters.quarter_index,
    quarters.fiscal_quarter,
    quarters.is_open,
    quarters.is_closed,
    reward_lines.reward_type,
    reward_lines.product_line,
    reward_lines.reference,
    cast(reward_lines.basis_usd as decimal(38, 24)) as basis_usd,
    cast(reward_lines.rate as decimal(9, 4)) as rate,
    cast(reward_lines.amount_usd as decimal(18, 2)) as amount_usd,
    reward_lines.note
from reward_lines
inner join {{ ref('int_fiscal_quarters') }} as quarters
    on reward_lines.quarter_index = quarters.quarter_index
