{#- The continuous (linearly interpolated) percentile p of a group's values, exactly, as
    percentile_cont computes it: over the n values in ascending order x_1 .. x_n, with
    h = p x (n - 1), x_(floor(h)+1) + (h - floor(h)) x (x_(floor(h)+2) - x_(floor(h)+1)).
    percentile_cont itself returns DOUBLE on Spark (and on DuckDB for integers), so the two
    engines would not agree to the last digit; this spelling is plain aggregation on both.
    Use it in a GROUP BY whose rows carry `rank_column` (1..n among the rows with a value,
    ascending by value; rows without a value rank after them) and `count_column` (n, the same
    on every row of the group). Empty when n = 0. The result has the scale of p (2) plus the
    value's. -#}
{% macro continuous_percentile(p, value_column, rank_column, count_column) -%}
    {%- set h = 'cast(' ~ p ~ ' as decimal(3, 2)) * (' ~ count_column ~ ' - 1)' -%}
    {%- set lower_rank = 'floor(' ~ h ~ ') + 1' -%}
    (
        sum(case when {{ rank_column }} = {{ lower_rank }} then {{ value_column }} end)
        + max({{ h }} - floor({{ h }}))
        * (
            coalesce(
                sum(case when {{ rank_column }} = {{ lower_rank }} + 1
                    and {{ rank_column }} <= {{ count_column }} then {{ value_column }} end),
                sum(case when {{ rank_column }} = {{ lower_rank }} then {{ value_column }} end)
            )
            - sum(case when {{ rank_column }} = {{ lower_rank }} then {{ value_column }} end)
        )
    )
{%- endmacro %}
