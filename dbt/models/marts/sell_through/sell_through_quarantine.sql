{#- The quarantined lines with their reason and the values as sent, so that the distributor or
    the master data can be fixed; a fixed line comes back by itself on the next run. -#}

select
    distributor_id,
    report_line_id,
    source_file,
    line_number,
    reason,
    invoice_date_text,
    reseller_account,
    sku,
    quantity_text,
    unit_price_text,
    currency
from {{ ref('int_sell_through_lines_resolved') }}
where outcome = 'QUARANTINED'
