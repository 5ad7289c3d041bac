{#- Time spans in exact arithmetic (overview: Turnaround SLAs: turnaround in hours, compared with targets
    exactly). dbt.datediff in hours truncates to whole hours, and a difference of timestamps is
    an interval on DuckDB but not on Spark: spans are whole microseconds (BIGINT) instead, the
    precision of a landed timestamp. -#}

{#- Microseconds since 1970-01-01 of a TIMESTAMP that holds a UTC instant. On Spark the landed
    timestamps read as TIMESTAMP_NTZ; cast to TIMESTAMP, they are read in the session's time
    zone, UTC. -#}
{% macro epoch_microseconds(timestamp) -%}
    {{ return(adapter.dispatch('epoch_microseconds')(timestamp)) }}
{%- endmacro %}

{% macro default__epoch_microseconds(timestamp) -%}
    epoch_us({{ timestamp }})
{%- endmacro %}

{% macro spark__epoch_microseconds(timestamp) -%}
    unix_micros(cast({{ timestamp }} as timestamp))
{%- endmacro %}

{#- A non-negative span of microseconds (a whole number, or a decimal of at most 2 decimals:
    an interpolated percentile) in hours, rounded half away from zero to 9 decimals (a
    billionth of an hour, 3.6 microseconds), DECIMAL(18,9). hours x 10^9 = us / 3.6
    = (us x 100) / 360, rounded as floor((2n + 360) / 720). -#}
{% macro hours_from_microseconds(microseconds) -%}
    cast(
        cast({{ integer_divide(
            'cast((' ~ microseconds ~ ') * 100 as bigint) * 2 + 360', '720') }} as decimal(18, 0))
        * cast(0.000000001 as decimal(10, 9))
    as decimal(18, 9))
{%- endmacro %}

{#- A whole number of hours in microseconds. -#}
{% macro microseconds_from_hours(hours) -%}
    (cast({{ hours }} as bigint) * 3600000000)
{%- endmacro %}
