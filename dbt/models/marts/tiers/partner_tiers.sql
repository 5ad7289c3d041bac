{#- Each partner's tier per quarter, as int_partner_tiers_assessed assesses it. -#}

select * from {{ ref('int_partner_tiers_assessed') }}
