{#- Reconciliation per partner and quarter (accrued, approved, paid, outstanding), as int_rebate_reconciliation works it out. -#}

select * from {{ ref('int_rebate_reconciliation') }}
