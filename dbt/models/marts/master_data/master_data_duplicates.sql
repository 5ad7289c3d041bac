{#- Rows of the master files whose key repeats an earlier row's, as int_master_data_duplicates lists them. -#}

select * from {{ ref('int_master_data_duplicates') }}
