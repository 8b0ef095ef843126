"""The admin pages of the libraries (django-otp, django-taggit) in German.

Their labels and help texts are translated through locale/de (see
kommune360.apps.mark_labels_translatable); what their admin classes write as plain
English (fieldset names, the search hint, taggit's merge action and its messages) is
set here, on subclasses registered in their place.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from taggit.admin import TagAdmin
from taggit.models import Tag

SEARCH_BY_USER = "Suche nach Benutzername oder E-Mail-Adresse der Person"


def german_fieldsets(fieldsets):
    return [(name and gettext(name), options) for name, options in fieldsets]


class GermanTOTPDeviceAdmin(TOTPDeviceAdmin):
    search_help_text = SEARCH_BY_USER

    def get_fieldsets(self, request, obj=None):
        return german_fieldsets(super().get_fieldsets(request, obj))


class GermanStaticDeviceAdmin(StaticDeviceAdmin):
    search_help_text = SEARCH_BY_USER

    def get_fieldsets(self, request, obj=None):
        return german_fieldsets(super().get_fieldsets(request, obj))


class GermanTagAdmin(TagAdmin):
    """taggit's tag admin; its merge page is templates/admin/taggit/merge_tags_form.html."""

    @admin.action(description="Ausgewählte Schlagworte zusammenführen")
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        # taggit moves each selected tag's items to the target and deletes an item whose
        # object already has the target, which the target's own items always do: merging
        # into one of the selected tags emptied it. The target is no tag to merge.
        name = request.POST.get("new_tag_name", "").strip()
        if request.method == "POST" and name:
            target = Tag.objects.filter(name=name).values_list("pk", flat=True).first()
            selected = request.session.get("selected_tag_ids", "").split(",")
            others = [pk for pk in selected if pk and pk != str(target)]
            if not others:
                self.message_user(
                    request,
                    "Nichts zusammengeführt: Wählen Sie Schlagworte aus, die im genannten "
                    "aufgehen sollen.",
                    messages.WARNING,
                )
                return redirect("admin:taggit_tag_changelist")
            request.session["selected_tag_ids"] = ",".join(others)
        return super().merge_tags_view(request)

    def message_user(self, request, message, *args, **kwargs):
        # taggit's messages ("Tags have been merged") are plain English: German in locale/de.
        super().message_user(request, gettext(str(message)), *args, **kwargs)


for model, model_admin in (
    (TOTPDevice, GermanTOTPDeviceAdmin),
    (StaticDevice, GermanStaticDeviceAdmin),
    (Tag, GermanTagAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
