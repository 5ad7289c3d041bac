{#- Every payment read, whether it can count and which claim it pays (overview: Claims). A payment
    that cannot be read (no id, an id sent twice, no partner, no quarter written FY<year>-Q<n>, no
    amount in USD and cents, no date) counts in no total and is listed with its reason. A
    readable payment is matched when its claim_id names a claim of the same partner and quarter;
    an empty claim_id is unmatched. -#}

with payments as (
    select
        *,
        count(*) over (partition by payment_id) as copies_of_payment_id,
        {{ fiscal_quarter_index_from_text('fiscal_quarter') }} as quarter_index
    from {{ ref('stg_landing__payments') }}
),

claims as (
    select distinct claim_id, partner_id, fiscal_quarter
    from {{ ref('int_claims_checked') }}
    where claim_id is not null
)

select
    payments.payment_id,
    payments.partner_id,
    payments.claim_id,
    payments.fiscal_quarter,
    payments.quarter_index,
    payments.amount_usd,
    payments.amount_usd_text,
    payments.paid_on,
    payments.paid_on_text,
    payments.source_file,
    payments.line_number,
    case
        when payments.payment_id is null then 'MISSING_PAYMENT_ID'
        when payments.copies_of_payment_id > 1 then 'DUPLICATE_PAYMENT_ID'
        when payments.partner_id is null then 'MISSING_PARTNER_ID'
        when payments.quarter_index is null then 'INVALID_FISCAL_QUARTER'
        when {{ is_unreadable_usd_amount('payments.amount_usd') }} then 'INVALID_AMOUNT'
        when payments.paid_on is null then 'INVALID_PAID_ON'
    end as unreadable_reason,
    claims.claim_id is not null as is_matched
from payments
left join claims
    on payments.claim_id = claims.claim_id
    and payments.partner_id = claims.partner_id
    and payments.fiscal_quarter = claims.fiscal_quarter
