from django import forms, template

register = template.Library()


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def with_class(field, css: str):
    """Render a bound field with Bootstrap's class (select boxes get form-select)."""
    widget = field.field.widget
    if isinstance(widget, forms.Select | forms.SelectMultiple) and css == "form-control":
        css = "form-select"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def vnd(value) -> str:
    """1234567 -> '1.234.567' (Vietnamese thousands separator)."""
    if value in (None, ""):
        return "—"
    return f"{int(value):,}".replace(",", ".")
