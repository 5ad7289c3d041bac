{#- One row per partner of partners.csv: the first row where an id repeats (ids are trimmed on
    landing, so ` P1` and `P1` are one id); the others are in master_data_duplicates. A row
    without an id names no partner (the GX suite reports it). -#}

with partners as (
    {{ first_row_per_key(ref('stg_landing__partners'), ['partner_id'],
        where='partner_id is not null') }}
)

select partner_id, partner_name, country, region, enrolled_on, status
from partners
