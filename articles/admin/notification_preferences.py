"""The page where each member of staff chooses what they are mailed about — their own choices
only: the page reads and writes the signed-in person's preferences and takes no account id."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .. import notifications
from ..models.preferences import KIND_HELP, Kind, NotificationPreference, Scope

DEFAULT_NOTE = " (default for your role)"


class NotificationPreferencesForm(forms.Form):
    """One choice per kind of event; the role's default is named in its label."""

    def __init__(self, *args, current, defaults, **kwargs):
        super().__init__(*args, **kwargs)
        self.defaults = defaults
        for kind in Kind:
            choices = [
                (scope.value, scope.label + (DEFAULT_NOTE if scope == defaults[kind] else ""))
                for scope in Scope
            ]
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                help_text=KIND_HELP[kind],
                choices=choices,
                initial=current[kind].value,
                widget=forms.RadioSelect,
            )

    @transaction.atomic
    def save(self, user):
        """Store the choices that differ from the role's default; forget the others, so a
        person whose role changes gets their new role's defaults where they chose nothing."""
        for kind in Kind:
            scope = self.cleaned_data[kind.value]
            stored = NotificationPreference.objects.filter(user=user, kind=kind)
            if scope == self.defaults[kind]:
                stored.delete()
            else:
                stored.update_or_create(user=user, kind=kind, defaults={"scope": scope})


def notification_preferences_view(request):
    user = request.user
    roles = notifications.reviewers_and_publishers()
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None,
        current=notifications.scopes_for(user, roles),
        defaults=notifications.defaults_for(user, roles),
    )
    if request.method == "POST" and form.is_valid():
        form.save(user)
        messages.success(request, "Your notification preferences are saved.")
        return redirect("notification_preferences")
    context = {
        **admin.site.each_context(request),
        "title": "Notification preferences",
        "form": form,
        "email": user.email,
    }
    return TemplateResponse(request, "admin/articles/notification_preferences.html", context)
