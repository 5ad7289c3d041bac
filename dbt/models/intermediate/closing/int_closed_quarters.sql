{#- The quarters closed now (overview: Closing a quarter): those whose latest close or reopening is a close,
    each with that close, whose recorded figures are the quarter's. -#}

with events as (
    select
        close_sequence,
        quarter_index,
        fiscal_quarter,
        action,
        row_number() over (partition by quarter_index order by close_sequence desc) as latest_first
    from {{ ref('stg_close_register__quarter_closes') }}
)

select
    quarter_index,
    fiscal_quarter,
    close_sequence
from events
where latest_first = 1 and action = 'CLOSED'
