"""What every form of the portal shares."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def date_input():
    """A browser's date picker."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateTimeLocalField(forms.DateTimeField):
    """A browser's date-and-time picker; the value is read in the site's time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BallotChoices(forms.RadioSelect):
    """Radio buttons whose field points at its first button, so that the error
    summary's link lands on the question."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


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


def run_service(form, save):
    """Run a service and return what it returns; if it refuses, its reasons go
    onto the form (see add_service_error) and None is returned."""
    try:
        return save()
    except ValidationError as error:
        add_service_error(form, error)
        return None
