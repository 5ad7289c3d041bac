{#- Every claim read, with its key's quarter, its order among the claims of its key and why it
    cannot be read, if so (overview: Claims, step 1). A claim is decided on what it says: an id,
    a partner, a quarter written FY<year>-Q<n>, a reward type of the ledger, an amount in USD
    and cents (>= 0, at most 2 decimals, below the var max_claim_usd) and a readable submission time. A claim id sent twice
    names two claims that cannot both be the one: every copy is unreadable. -#}

with claims as (
    select
        *,
        count(*) over (partition by claim_id) as copies_of_claim_id,
        {{ fiscal_quarter_index_from_text('fiscal_quarter') }} as quarter_index
    from {{ ref('stg_landing__claims') }}
),

reward_types as (
    select reward_type from {{ ref('reward_types') }}
),

checked as (
    select
        claims.claim_id,
        claims.partner_id,
        claims.fiscal_quarter,
        claims.quarter_index,
        claims.reward_type,
        claims.amount_usd,
        claims.amount_usd_text,
        claims.submitted_at,
        claims.submitted_at_text,
        claims.source_file,
        claims.line_number,
        case
            when claims.claim_id is null then 'MISSING_CLAIM_ID'
            when claims.copies_of_claim_id > 1 then 'DUPLICATE_CLAIM_ID'
            when claims.partner_id is null then 'MISSING_PARTNER_ID'
            when claims.quarter_index is null then 'INVALID_FISCAL_QUARTER'
            when reward_types.reward_type is null then 'UNKNOWN_REWARD_TYPE'
            when {{ is_unreadable_usd_amount('claims.amount_usd') }} then 'INVALID_AMOUNT'
            when claims.submitted_at is null then 'INVALID_SUBMITTED_AT'
        end as unreadable_reason
    from claims
    left join reward_types
        on claims.reward_type = reward_types.reward_type
)

select
    *,
    -- Decision order within the key (overview: Claims): submission time, then claim id.
    row_number() over (
        partition by partner_id, fiscal_quarter, reward_type
        order by submitted_at asc nulls last, claim_id asc nulls last, line_number
    ) as order_in_key
from checked
