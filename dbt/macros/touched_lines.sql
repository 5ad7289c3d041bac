{#- Incremental builds of the line-grain models. When only report files changed since
    the published warehouse was built (the pipeline checks that master data, program, code and
    engine did not, else dbt runs with --full-refresh), the run's build starts as a copy of the
    published warehouse and these models rebuild only the touched lines: every line of a
    report_line_id a changed file holds or held, and the lines without an id of the changed files.
    The resolution (int_sell_through_lines_resolved) then holds the touched lines alone; the
    models that store lines are configured with `materialized=line_grain_materialization()` and
    `incremental_strategy='touched_lines'`. -#}

{#- An incremental build: the pipeline passes dbt's --full-refresh to every other build. (In a
    build on a fresh file without it, the published lineage is empty, so every line counts as
    touched and the result is still whole.) -#}
{% macro is_line_increment() -%}
    {{ return(not flags.FULL_REFRESH) }}
{%- endmacro %}

{#- A predicate on the line-grain relation `alias` (its distributor_id, report_line_id and, when
    it has one, source_file): the line is rebuilt by this increment. -#}
{% macro is_touched_line(alias, by_file=true) -%}
    (
        exists (
            select 1 from {{ ref('int_sell_through_touched_keys') }} as touched
            where touched.distributor_id = {{ alias }}.distributor_id
                and touched.report_line_id = {{ alias }}.report_line_id
        )
        {%- if by_file %}
        or {{ alias }}.source_file in (
            select source_file from {{ ref('int_sell_through_changed_files') }}
        )
        {%- endif %}
    )
{%- endmacro %}

{#- dbt's custom incremental strategy `touched_lines`: the touched lines leave the table, their
    new versions (the model's select, filtered the same way) come in. A table without
    source_file (keyed by report_line_id alone) is matched by key. -#}
{% macro get_incremental_touched_lines_sql(arg_dict) -%}
    {%- set columns = arg_dict['dest_columns'] | map(attribute='name') | list -%}
    {%- set columns_csv = get_quoted_csv(columns) -%}
    delete from {{ arg_dict['target_relation'] }} as published
    where {{ is_touched_line('published', by_file='source_file' in columns) }};

    insert into {{ arg_dict['target_relation'] }} ({{ columns_csv }})
    select {{ columns_csv }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

{#- Incremental on DuckDB; Spark (Parquet tables, no delete) always builds them in full. -#}
{% macro line_grain_materialization() -%}
    {{ return(adapter.dispatch('line_grain_materialization')()) }}
{%- endmacro %}

{% macro default__line_grain_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro duckdb__line_grain_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}
