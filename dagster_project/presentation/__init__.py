"""How figures read: formatting, the Jinja environment of the HTML pages, charts."""
