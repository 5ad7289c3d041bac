{#- Money the program pays: an amount rounded half away from zero to cents (overview: Rewards), as
    DECIMAL(18,2) on every engine. round() of a DECIMAL rounds half away from zero on DuckDB and
    Spark alike (shared/PORTABILITY.md, point 6); never pass it a double. -#}
{% macro round_money(amount) -%}
    cast(round({{ amount }}, 2) as decimal(18, 2))
{%- endmacro %}

{#- `lhs >= base x factor`, decided exactly (overview: Rewards: growth is compared as
    current >= prior x (1 + market growth), never on a ratio). The plain product of a
    DECIMAL(38,24) revenue and a rate of 12 decimals needs scale 36, which leaves no room for the
    integer digits of a large revenue. So the base is split into its integer part H and its
    fraction L (0 <= L < 1): H x factor needs only the factor's scale, L x factor stays below
    |factor|. Then lhs - H x factor is exact, and where it is within 100 of zero it is compared
    with L x factor at full scale; beyond that the answer does not depend on L x factor.
    For lhs and base of scale <= 24 and a factor of scale <= 12 with |factor| < 100. -#}
{% macro decimal_at_least_product(lhs, base, factor) -%}
    (
        case
            when ({{ lhs }}) - cast(floor({{ base }}) as decimal(38, 0)) * ({{ factor }}) >= 100
                then true
            when ({{ lhs }}) - cast(floor({{ base }}) as decimal(38, 0)) * ({{ factor }}) <= -100
                then false
            else
                cast(({{ lhs }}) - cast(floor({{ base }}) as decimal(38, 0)) * ({{ factor }})
                    as decimal(38, 36))
                >= cast(
                    cast(({{ base }}) - cast(floor({{ base }}) as decimal(38, 0)) as decimal(25, 24))
                    * ({{ factor }}) as decimal(38, 36))
        end
    )
{%- endmacro %}

{#- True when a claimed or paid amount cannot be read as USD in cents: empty (not a plain
    decimal), negative, more than 2 decimals, or at least the var max_claim_usd. -#}
{% macro is_unreadable_usd_amount(amount) -%}
    (
        {{ amount }} is null
        or {{ amount }} < 0
        or {{ amount }} >= {{ var('max_claim_usd') }}
        or {{ amount }} <> round({{ amount }}, 2)
    )
{%- endmacro %}
