{#- Restatement resolution (spec section 3): within a distributor, the version of a
    report_line_id in the latest file replaces every earlier one, whatever its own fate. Each line
    read gets exactly one outcome: FACT, SUPERSEDED, REMOVED (a valid quantity-0 version) or
    QUARANTINED with its reason. -#}

with checked as (
    select * from {{ ref('int_sell_through_lines_checked') }}
),

latest_versions as (
    select distributor_id, report_line_id, max(file_seq) as latest_file_seq
    from checked
    where report_line_id is not null
    group by distributor_id, report_line_id
),

outcomes as (
    select
        checked.*,
        case
            when checked.report_line_id is null then 'QUARANTINED'
            when checked.file_seq < latest_versions.latest_file_seq then 'SUPERSEDED'
            when checked.quarantine_reason is not null then 'QUARANTINED'
            when checked.quantity = 0 then 'REMOVED'
            else 'FACT'
        end as outcome
    from checked
    left join latest_versions
        on checked.distributor_id = latest_versions.distributor_id
        and checked.report_line_id = latest_versions.report_line_id
)

select
    *,
    case when outcome = 'QUARANTINED' then quarantine_reason end as reason
from outcomes
