{#- One row per partner and program quarter, as int_partner_statements puts it together. -#}

select * from {{ ref('int_partner_statements') }}
