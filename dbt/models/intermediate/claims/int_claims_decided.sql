{#- Every claim decided against the ledger (overview: Claims), by the first step that applies:
    1. the quarter is not closed at the as-of time, or the claim cannot be read: REJECTED;
    2. an earlier claim for the same key (partner, quarter, reward type) was approved, fully or
       partly: DUPLICATE;
    3. no positive entitlement (the ledger's total for the key; pending rewards are not): REJECTED;
    4. claimed <= entitlement + tolerance: APPROVED; 5. otherwise PARTIAL.
    Steps 1 and 3 depend on the claim alone and every claim that passes them is approved (fully or
    partly), so the claim decided at steps 4-5 is the key's first, in submission order, to pass
    them, and every later readable claim of a closed quarter is a duplicate: one ordered pass
    as a window, no recursion, the same on DuckDB and Spark. -#}

{%- set quoted -%}
    case amounts.unreadable_reason
        when 'INVALID_FISCAL_QUARTER' then amounts.fiscal_quarter
        when 'UNKNOWN_REWARD_TYPE' then amounts.reward_type
        when 'INVALID_AMOUNT' then amounts.amount_usd_text
        else amounts.submitted_at_text
    end
{%- endset %}

with claims as (
    select * from {{ ref('int_claims_checked') }}
),

as_of as (
    select as_of_quarter_index from {{ ref('int_as_of_quarter') }}
),

entitlements as (
    select partner_id, fiscal_quarter, reward_type, sum(amount_usd) as entitlement_usd
    from {{ ref('int_rebate_ledger') }}
    group by partner_id, fiscal_quarter, reward_type
),

pending as (
    select distinct partner_id, fiscal_quarter, reward_type
    from {{ ref('int_pending_rewards') }}
),

-- The tolerance of the claim's quarter (overview: Rules over time); a claim for a quarter outside the
-- program has no entitlement, so it never needs one.
rules as (
    select quarter_index, claim_tolerance_usd from {{ ref('int_claim_rules_in_force') }}
),

reward_names as (
    select reward_type, display_name from {{ ref('reward_types') }}
),

assessed as (
    select
        claims.*,
        coalesce(entitlements.entitlement_usd, 0) as entitlement_usd,
        pending.partner_id is not null as is_pending,
        claims.quarter_index >= as_of.as_of_quarter_index as quarter_not_closed,
        claims.unreadable_reason is null
            and claims.quarter_index < as_of.as_of_quarter_index
            and coalesce(entitlements.entitlement_usd, 0) > 0 as is_approvable,
        rules.claim_tolerance_usd,
        reward_names.display_name as reward_name,
        -- Entitlement is shown on every claim whose key can be read, a rejected one too.
        claims.partner_id is not null
            and claims.quarter_index is not null
            and reward_names.reward_type is not null as key_is_readable
    from claims
    cross join as_of
    left join rules
        on claims.quarter_index = rules.quarter_index
    left join entitlements
        on claims.partner_id = entitlements.partner_id
        and claims.fiscal_quarter = entitlements.fiscal_quarter
        and claims.reward_type = entitlements.reward_type
    left join pending
        on claims.partner_id = pending.partner_id
        and claims.fiscal_quarter = pending.fiscal_quarter
        and claims.reward_type = pending.reward_type
    left join reward_names
        on claims.reward_type = reward_names.reward_type
),

-- The key's approved claim: its first approvable one in decision order.
approved_in_key as (
    select partner_id, fiscal_quarter, reward_type, claim_id as approved_claim_id,
        order_in_key as approved_order
    from (
        select
            *,
            row_number() over (
                partition by partner_id, fiscal_quarter, reward_type order by order_in_key
            ) as approvable_rank
        from assessed
        where is_approvable
    ) as approvable
    where approvable_rank = 1
),

decided as (
    select
        assessed.*,
        approved_in_key.approved_claim_id,
        case
            when assessed.unreadable_reason is not null then 'UNREADABLE'
            when assessed.quarter_not_closed then 'QUARTER_NOT_CLOSED'
            when assessed.order_in_key > approved_in_key.approved_order then 'ALREADY_APPROVED'
            when assessed.entitlement_usd <= 0 and assessed.is_pending then 'ONLY_PENDING'
            when assessed.entitlement_usd <= 0 then 'NO_ENTITLEMENT'
            when assessed.amount_usd <= assessed.entitlement_usd + assessed.claim_tolerance_usd
                then 'WITHIN_ENTITLEMENT'
            else 'ABOVE_ENTITLEMENT'
        end as reason_code
    from assessed
    left join approved_in_key
        on assessed.partner_id = approved_in_key.partner_id
        and assessed.fiscal_quarter = approved_in_key.fiscal_quarter
        and assessed.reward_type = approved_in_key.reward_type
),

amounts as (
    select
        *,
        case reason_code
            when 'ALREADY_APPROVED' then 'DUPLICATE'
            when 'WITHIN_ENTITLEMENT' then 'APPROVED'
            when 'ABOVE_ENTITLEMENT' then 'PARTIAL'
            else 'REJECTED'
        end as decision,
        cast(
            case
                when reason_code in ('WITHIN_ENTITLEMENT', 'ABOVE_ENTITLEMENT')
                    then least(amount_usd, entitlement_usd)
                else 0
            end as decimal(18, 2)
        ) as amount_approved_usd,
        cast(cast(case when unreadable_reason is null then amount_usd end as decimal(18, 2))
            as string) as claimed_text,
        cast(cast(entitlement_usd as decimal(18, 2)) as string) as entitlement_text
    from decided
),

-- What a partner reads (seed partner_words): the reason's words with the claim's figures, and for
-- an unreadable claim what to send again, quoting what it sent.
words as (
    select subject, code, words from {{ ref('partner_words') }}
    where subject in ('claim_reason', 'claim_unreadable')
)

select
    amounts.claim_id,
    amounts.partner_id,
    amounts.fiscal_quarter,
    amounts.reward_type,
    cast(case when amounts.unreadable_reason <> 'INVALID_AMOUNT' or amounts.unreadable_reason is null
        then amounts.amount_usd end as decimal(18, 2)) as amount_claimed_usd,
    cast(case when amounts.key_is_readable then amounts.entitlement_usd end as decimal(18, 2))
        as entitlement_usd,
    amounts.decision,
    amounts.amount_approved_usd,
    amounts.reason_code,
    amounts.unreadable_reason,
    {{ fill_words('reason_words.words', {
        'what': fill_words('unreadable_words.words', {'sent': quoted}),
        'quarter': 'amounts.fiscal_quarter',
        'reward': 'amounts.reward_name',
        'approved_claim': 'amounts.approved_claim_id',
        'claimed': 'amounts.claimed_text',
        'earned': 'amounts.entitlement_text',
        'approved': 'cast(amounts.amount_approved_usd as string)',
    }) }} as reason,
    cast(amounts.order_in_key as bigint) as order_in_key,
    cast(amounts.submitted_at as timestamp) as submitted_at,
    amounts.source_file,
    amounts.line_number
from amounts
left join words as reason_words
    on reason_words.subject = 'claim_reason'
    and amounts.reason_code = reason_words.code
left join words as unreadable_words
    on unreadable_words.subject = 'claim_unreadable'
    and amounts.unreadable_reason = unreadable_words.code
