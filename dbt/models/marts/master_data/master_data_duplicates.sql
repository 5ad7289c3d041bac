{#- Rows of the master files whose key repeats an earlier row's, as int_master_data_duplicates lists them. -#}

select
    landed_source,
    source_file,
    line_number,
    key_value,
    counted_line_number
from {{ ref('int_master_data_duplicates') }}
