from django.contrib import admin

from oversight.committees.models import MinutesTemplate
from oversight.core.doctemplates import ReplaceableTemplateAdmin

# Meetings, inspections, targets, documents and projects are changed in the application,
# where need-to-know and the rules apply; the admin site only replaces the minutes template.
admin.site.register(MinutesTemplate, ReplaceableTemplateAdmin)
