{#- The program's tiers per quarter (overview: Tiers; Rules over time): each tier's rank, name and the
    threshold in force in the quarter, for readers (statements, their chart, the run summary). -#}

select
    fiscal_quarter,
    tier,
    tier_rank,
    display_name,
    threshold_usd,
    effective_from
from {{ ref('int_tier_thresholds_in_force') }}
