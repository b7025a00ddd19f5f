"""Who may change what (placeholder: the ROLES branch of #6 provides the real version).

Only the interface is fixed here so that curation tools can use it: superusers may edit everything,
everybody else nothing.
"""

LOKET_EDITOR = "Loketredacteur"
REGIONAL_CURATOR = "Regionale curator"
PROVINCIAL_ADMIN = "Provinciaal beheerder"


def editable(user, queryset):
    """The records of `queryset.model` that `user` may change."""
    if user.is_active and user.is_superuser:
        return queryset
    return queryset.none()
