{#- Whatever the landing folder holds that is not read (overview: The landing folder): reported, never silent. -#}

select
    source_file,
    reason,
    detail
from {{ ref('stg_landing__landing_files') }}
where status = 'IGNORED'
