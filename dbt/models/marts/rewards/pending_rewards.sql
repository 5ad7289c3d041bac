{#- Rewards held for missing market data, as int_pending_rewards decides them. -#}

select * from {{ ref('int_pending_rewards') }}
