{#- Every end customer (end_customer_id) per quarter and partner: the partner's net revenue with
    it (returns included) and its earliest positive line there (invoice date, then distributor_id,
    then report_line_id, compared as text; spec section 6). One pass over the fact for the new
    logos: the earliest line is the min() of a struct that leads with that ordering. -#}

{%- set first_line = [
    ('invoice_date', 'invoice_date'),
    ('distributor_id', 'distributor_id'),
    ('report_line_id', 'report_line_id'),
    ('end_customer_segment', 'end_customer_segment'),
] %}

with lines as (
    select
        end_customer_id,
        {{ fiscal_quarter_index('invoice_date') }} as quarter_index,
        partner_id,
        quantity,
        net_revenue_usd,
        invoice_date,
        distributor_id,
        report_line_id,
        end_customer_segment
    from {{ ref('fct_sell_through') }}
    where end_customer_id is not null
),

aggregated as (
    select
        end_customer_id,
        quarter_index,
        partner_id,
        sum(net_revenue_usd) as net_revenue_usd,
        min(case when quantity > 0 then {{ named_struct(first_line) }} end) as first_positive_line
    from lines
    group by end_customer_id, quarter_index, partner_id
)

select
    end_customer_id,
    quarter_index,
    partner_id,
    net_revenue_usd,
    first_positive_line.invoice_date as first_positive_invoice_date,
    first_positive_line.distributor_id as first_positive_distributor_id,
    first_positive_line.report_line_id as first_positive_report_line_id,
    first_positive_line.end_customer_segment as first_positive_segment
from aggregated
