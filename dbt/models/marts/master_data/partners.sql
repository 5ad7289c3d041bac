{#- The partner dimension: one row per partner of partners.csv (its first row, see
    master_data_duplicates), for statements and for anyone joining a partner's name or region. -#}

select partner_id, partner_name, country, region, enrolled_on, status
from {{ ref('int_partners') }}
