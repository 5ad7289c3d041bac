{#- Who receives each partner's statements, as int_statement_recipients_chosen chooses them. -#}

select * from {{ ref('int_statement_recipients_chosen') }}
