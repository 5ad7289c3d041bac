{#- The rebate ledger, one row per reward line, as int_rebate_ledger decides it. -#}

select * from {{ ref('int_rebate_ledger') }}
