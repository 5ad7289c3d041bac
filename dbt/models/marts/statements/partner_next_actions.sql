{#- What a partner can do next, as int_partner_next_actions works it out. -#}

select * from {{ ref('int_partner_next_actions') }}
