"""What every form of the portal shares."""

from django.core.exceptions import NON_FIELD_ERRORS


def add_service_error(form, error):
    """Show a service's ValidationError on the form: each message on the field it
    names when the form has that field, otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name in form.fields:
            form.add_error(name, errors)
        elif name == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            label = name.replace("_", " ").capitalize()
            form.add_error(None, [f"{label}: {message}" for e in errors for message in e])
