{#- The program's rule changes a partner's statement of a quarter tells of (overview: Statements; Rules over time): those taking effect in that quarter or announced for a later one, that concern the
    partner. A rule of a tier (a base or growth rate) concerns the partners with that tier in
    force in the quarter; a tier's threshold also those for whom it is the next tier; every other
    rule (of the program, a segment, a solution, a request type) every partner. Rules partners do
    not read (seed rule_names) are left out. -#}

-- Each partner's tier in force and next tier per quarter, as int_partner_tiers_assessed decides them.
with tiers as (
    select tiers.partner_id, quarters.quarter_index, tiers.fiscal_quarter, tiers.tier_in_force,
        tiers.next_tier
    from {{ ref('int_partner_tiers_assessed') }} as tiers
    inner join {{ ref('int_fiscal_quarters') }} as quarters
        on tiers.fiscal_quarter = quarters.fiscal_quarter
),

changes as (
    select changes.*, names.display_name, names.unit
    from {{ ref('int_program_rule_changes') }} as changes
    inner join {{ ref('rule_names') }} as names
        on changes.rule_file = names.rule_file
        and changes.rule = names.rule
    where coalesce(names.shown_to_partners, false)
)

select
    tiers.partner_id,
    tiers.fiscal_quarter,
    changes.rule_file,
    changes.rule,
    changes.display_name as rule_name,
    changes.unit,
    changes.tier,
    changes.product_line,
    changes.end_customer_segment,
    changes.solution,
    changes.request_type,
    changes.effective_from,
    changes.value_before,
    changes.value_after
from tiers
inner join changes
    on changes.effective_from_index >= tiers.quarter_index
where changes.tier is null
    or changes.tier = tiers.tier_in_force
    or (changes.rule_file = 'tier_thresholds' and changes.tier = tiers.next_tier)
