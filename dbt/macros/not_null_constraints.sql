{#- A mart's contract declares which columns are never empty (constraints: [{type: not_null}]).
    DuckDB enforces that as it inserts the model's rows: a build with an empty one fails. Spark
    enforces it on Delta tables only, and ours are Parquet (dbt_project.yml), so on Spark the
    same check is one query per model after it is built, failing the build the same way. dbt
    calls persist_constraints after building a table; this is dbt-spark's, with the Parquet
    branch added. -#}
{% macro spark__persist_constraints(relation, model) %}
    {%- set contract_config = config.get('contract') -%}
    {%- if not contract_config.enforced -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if config.get('file_format', 'delta') == 'delta' -%}
        {%- do alter_table_add_constraints(relation, model.constraints) -%}
        {%- do alter_column_set_constraints(relation, model.columns) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set never_empty = [] -%}
    {%- for name, column in model.columns.items() -%}
        {%- for constraint in column.constraints if constraint.type == 'not_null' -%}
            {%- do never_empty.append(name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if never_empty -%}
        {%- set counted -%}
            select
            {%- for name in never_empty %}
                sum(case when {{ adapter.quote(name) }} is null then 1 else 0 end)
                {{- "," if not loop.last }}
            {%- endfor %}
            from {{ relation }}
        {%- endset -%}
        {%- set empty_rows = run_query(counted).rows[0] -%}
        {%- for name in never_empty -%}
            {%- if empty_rows[loop.index0] -%}
                {{ exceptions.raise_compiler_error(
                    relation ~ "." ~ name ~ ": " ~ empty_rows[loop.index0] ~ " row(s) empty where"
                    ~ " the contract says never (constraint not_null)") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
