{#- Who receives each partner's statements, as int_statement_recipients_chosen chooses them. -#}

select
    partner_id,
    email,
    contact_name,
    persona,
    contact_line_number
from {{ ref('int_statement_recipients_chosen') }}
