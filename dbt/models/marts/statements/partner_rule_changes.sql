{#- The rule changes each partner's statement of a quarter tells of, as int_partner_rule_changes chooses them. -#}

select
    partner_id,
    fiscal_quarter,
    rule_file,
    rule,
    rule_name,
    unit,
    tier,
    product_line,
    end_customer_segment,
    solution,
    request_type,
    effective_from,
    value_before,
    value_after
from {{ ref('int_partner_rule_changes') }}
