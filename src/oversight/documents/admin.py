from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from oversight.core.errors import RuleError
from oversight.documents import actions
from oversight.documents.models import DocumentTemplate, Issuer

# Issued documents are changed only in the application (issue, cancel); the admin site holds
# the configuration: template versions and how each unit heads and numbers its documents.


class TemplateUploadForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "file", "note"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            actions.check_template(upload)
        except RuleError as error:
            raise forms.ValidationError(error.message) from error
        return upload


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """Uploading makes a new version; versions are never edited (documents point at them)."""

    form = TemplateUploadForm
    list_display = ("kind", "version", "note", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        return ("kind", "file", "note") if obj is not None else ()


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ("unit", "abbreviation", "style", "superior", "name", "town")
    list_filter = ("style",)
    search_fields = ("abbreviation", "unit__name_vi", "unit__code")
    fieldsets = ((None, {"fields": ("unit", "abbreviation", "style")}),
                 (_("Heading and signature"), {"fields": ("superior", "name", "town",
                                                          "signer_position", "on_behalf")}))
