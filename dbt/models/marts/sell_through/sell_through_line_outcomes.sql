{#- Where every line read ended: exactly one row per line of every readable report file. -#}

select
    distributor_id,
    report_line_id,
    source_file,
    line_number,
    file_checksum,
    outcome,
    reason
from {{ ref('int_sell_through_lines_resolved') }}
