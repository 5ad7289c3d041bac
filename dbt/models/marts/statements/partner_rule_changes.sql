{#- The rule changes each partner's statement of a quarter tells of, as int_partner_rule_changes chooses them. -#}

select * from {{ ref('int_partner_rule_changes') }}
