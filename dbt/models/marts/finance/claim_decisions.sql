{#- Every claim decided against the ledger, as int_claims_decided decides it. -#}

select * from {{ ref('int_claims_decided') }}
