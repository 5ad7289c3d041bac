{#- The rule in force per quarter and key (overview: Rules over time), the one pattern every dated program
    file goes through: each row of `seed` holds from its effective_from quarter (empty: since the
    program began) until the next row of its key starts, so the row in force in quarter Q is the
    key's row with the latest effective_from at or before Q.

    - key_columns: the columns naming a key (a tier, a tier and product line, ...); [] for a rule
      of the program as a whole (one key).
    - value_columns: the rule's values, carried from the row in force.
    - needed_keys: a select of the key columns every quarter needs a rule for (default: every
      key the file names); none with `required=false`, for rules whose keys come and go (a
      solution without a rate earns nothing).
    - quarters: a select of quarter_index, the quarters to give the rule for (default: the
      program's quarters).

    One row per quarter and needed key; a needed key with no row in force in a quarter still has
    its row there, with in_force false and empty values: the test `rule_in_force`
    stops the build on it, naming the file and the key, so nothing downstream is priced without
    a rule. effective_from is written FY2027-Q1 (any case), read by dated_rule_rows below. -#}
{% macro rules_in_force(seed, key_columns, value_columns, needed_keys=none, quarters=none, required=true) -%}
{%- set keys = key_columns | join(', ') -%}
with rule_rows as (
    {{ dated_rule_rows(seed, key_columns + value_columns) }}
),

quarters as (
    {%- if quarters %}
    select distinct quarter_index from ({{ quarters }}) as given
    {%- else %}
    select quarter_index from {{ ref('int_fiscal_quarters') }}
    {%- endif %}
),

needed as (
    select distinct quarters.quarter_index{% for column in key_columns %}, keys.{{ column }}{% endfor %}
    from quarters
    {%- if key_columns %}
    cross join (
        {%- if needed_keys %}
        {{ needed_keys }}
        {%- else %}
        select {{ keys }} from rule_rows
        {%- endif %}
    ) as keys
    {%- endif %}
),

-- Each quarter's candidate rows: those of its key already started; the latest wins.
started as (
    select
        quarters.quarter_index,
        rule_rows.*,
        row_number() over (
            partition by quarters.quarter_index{% for column in key_columns %}, rule_rows.{{ column }}{% endfor %}
            order by rule_rows.effective_from_index desc nulls last
        ) as recency
    from quarters
    inner join rule_rows
        on rule_rows.effective_from_index is null
        or rule_rows.effective_from_index <= quarters.quarter_index
)

select
    cast({{ 'needed' if required else 'started' }}.quarter_index as int) as quarter_index,
    {{ fiscal_quarter_label((('needed' if required else 'started') ~ '.quarter_index')) }} as fiscal_quarter,
    {%- for column in key_columns %}
    {{ 'needed' if required else 'started' }}.{{ column }},
    {%- endfor %}
    {%- for column in value_columns %}
    started.{{ column }},
    {%- endfor %}
    started.effective_from,
    started.quarter_index is not null as in_force
{%- if required %}
from needed
left join started
    on needed.quarter_index = started.quarter_index
    {%- for column in key_columns %}
    and needed.{{ column }} = started.{{ column }}
    {%- endfor %}
    and started.recency = 1
{%- else %}
from started
where started.recency = 1
{%- endif %}
{%- endmacro %}


{#- The rows of a dated program file: `columns` as they are, effective_from upper-cased (empty:
    null, on both engines) and its quarter index (null: since the program began). A text that is
    no quarter stops the statement, naming the file; a run checks the files before dbt starts
    (dagster_project/program/checks.py), so only a hand-run dbt reaches this. -#}
{% macro dated_rule_rows(seed, columns) -%}
    select
        {% for column in columns %}{{ column }},
        {% endfor -%}
        effective_from,
        case
            when effective_from is not null
                and {{ fiscal_quarter_index_from_text('effective_from') }} is null
                then {{ raise_error("concat('" ~ seed ~ ".csv: effective_from ', effective_from, ' is not a fiscal quarter: write it like FY2028-Q1, or leave it empty')") }}
            else {{ fiscal_quarter_index_from_text('effective_from') }}
        end as effective_from_index
    from (
        select
            {% for column in columns %}{{ column }},
            {% endfor -%}
            upper({{ seed_text('effective_from') }}) as effective_from
        from {{ ref(seed) }}
    ) as rows_read
{%- endmacro %}
