{#- A 64-bit hash of a key's columns, to find repeated keys among millions cheaply: grouping
    integers is several times faster than grouping strings. Two keys may share a hash, so a hash
    only ever narrows the candidates; the keys themselves decide. -#}
{% macro key_hash(columns) -%}
    {{ return(adapter.dispatch('key_hash')(columns)) }}
{%- endmacro %}

{% macro default__key_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__key_hash(columns) -%}
    xxhash64({{ columns | join(', ') }})
{%- endmacro %}
