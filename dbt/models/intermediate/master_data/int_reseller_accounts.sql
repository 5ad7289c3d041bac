{#- How each distributor names each partner: one row per (distributor, reseller account), the
    first row of partner_accounts.csv where a key repeats. An account whose partner is not in
    partners.csv names no partner and is left out (its lines are UNKNOWN_RESELLER_ACCOUNT). -#}

with partners as (
    select partner_id from {{ ref('int_partners') }}
),

accounts as (
    {{ first_row_per_key(ref('stg_landing__partner_accounts'), ['distributor_id', 'reseller_account'],
        where='partner_id in (select partner_id from partners)') }}
)

select distributor_id, reseller_account, partner_id
from accounts
