{#- The statements a run cannot send, each with why, as int_statements_undeliverable finds them. -#}

select * from {{ ref('int_statements_undeliverable') }}
