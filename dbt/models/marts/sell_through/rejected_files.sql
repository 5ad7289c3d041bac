{#- Landing files rejected as a whole (overview: The landing folder): nothing in them was loaded. -#}

select
    source_file,
    landed_source,
    distributor_id,
    reason,
    detail,
    file_checksum
from {{ ref('stg_landing__landing_files') }}
where status = 'REJECTED'
