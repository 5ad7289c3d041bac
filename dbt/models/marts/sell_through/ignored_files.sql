{#- Whatever the landing folder holds that is not read (spec section 3): reported, never silent. -#}

select
    source_file,
    reason,
    detail
from {{ ref('stg_landing__landing_files') }}
where status = 'IGNORED'
