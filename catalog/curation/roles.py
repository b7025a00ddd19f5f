"""Who may change which records in /beheer/ (docs/curation.md).

Groups say what kind of thing a user may do (Django model permissions, created by `setup_roles`); assignments
say on which records:
- provincial administrator (group PROVINCIAL_ADMIN, or a superuser): everything;
- regional curator: the records whose werkgebied lies within their regions (CuratorRegion); a practice
  example when it took place there (its region or one of its other regions, `catalog.models.took_place`);
- loket editor: the records of the organisations they work for (OrganisationEditor), the instruments and
  knowledge offers those organisations provide, the learning communities they are the contact of, the
  ambassadors of those firms, and the organisations and instruments assigned to them (EditorAssignment).
  An ambassador of unknown region is a curator's when the werkgebied of the ambassador's firm lies within.
Publishing and archiving are for curators and provincial administrators only (catalog/curation/workflow.py).
"""

from django.db.models import Q

from catalog.models import (
    Ambassador,
    Checklist,
    CuratorRegion,
    EditorAssignment,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Membership,
    Organisation,
    OrganisationEditor,
    PracticeExample,
    Region,
    took_place,
)

LOKET_EDITOR = "Loketredacteur"
REGIONAL_CURATOR = "Regionale curator"
PROVINCIAL_ADMIN = "Provinciaal beheerder"
ROLE_NAMES = [LOKET_EDITOR, REGIONAL_CURATOR, PROVINCIAL_ADMIN]

NOTHING = Q(pk__in=[])

# The records whose editors are decided per record below (the rest: provincial administrators only).
SCOPED_MODELS = (
    Organisation,
    Instrument,
    KnowledgeOffer,
    LearningCommunity,
    Ambassador,
    PracticeExample,
    Region,
    Checklist,
)


def role_names(user):
    """The role groups `user` is in; cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if not hasattr(user, "_catalog_roles"):
        user._catalog_roles = set(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
    return user._catalog_roles


def is_provincial_admin(user):
    return bool(getattr(user, "is_active", False) and user.is_superuser) or PROVINCIAL_ADMIN in role_names(
        user
    )


def can_publish(user):
    """Curators and provincial administrators publish and archive; loket editors submit for review."""
    return is_provincial_admin(user) or REGIONAL_CURATOR in role_names(user)


# --- Scopes ------------------------------------------------------------------------------------------------


def own_organisations(user):
    """Organisations `user` works for: they edit them and receive their hand-off questions."""
    return OrganisationEditor.objects.filter(user=user).values("organisation")


def _editor_organisations(user):
    """Own and assigned organisations, as a subquery of pks."""
    return Organisation.objects.filter(
        Q(pk__in=own_organisations(user))
        | Q(
            pk__in=EditorAssignment.objects.filter(user=user, organisation__isnull=False).values(
                "organisation"
            )
        )
    ).values("pk")


def curator_regions(user):
    return CuratorRegion.objects.filter(user=user).values("region")


def regions_within(user):
    """Every region that lies within one of the curator's regions (their lineage holds it), as pks."""
    return Region.objects.filter(lineage__in=curator_regions(user)).values("pk")


def _through_within(model, user):
    through = model.regions.through
    return through.objects.filter(region__in=regions_within(user)).values(f"{model._meta.model_name}_id")


def _editor_condition(model, user):
    orgs = _editor_organisations(user)
    if model is Organisation:
        return Q(pk__in=orgs)
    if model is Instrument:
        return Q(provider__in=orgs) | Q(
            pk__in=EditorAssignment.objects.filter(user=user, instrument__isnull=False).values("instrument")
        )
    if model is KnowledgeOffer:
        return Q(provider__in=orgs)
    if model is LearningCommunity:
        return Q(contact__in=orgs)
    if model is Ambassador:  # the ambassador's own firm
        return Q(organisation__in=orgs)
    if model is PracticeExample:
        return Q(
            pk__in=PracticeExample.organisations.through.objects.filter(organisation__in=orgs).values(
                "practiceexample_id"
            )
        )
    return NOTHING


def _curator_condition(model, user):
    if model in (Organisation, Instrument, KnowledgeOffer, LearningCommunity):
        return Q(pk__in=_through_within(model, user))
    if model is Ambassador:  # its region, or (region unknown) its firm's werkgebied lies within
        return Q(pk__in=_through_within(model, user)) | Q(
            organisation__in=_through_within(Organisation, user)
        )
    if model is PracticeExample:  # its main region or one of its other regions lies within
        return took_place("in", curator_regions(user))
    if model is Region:
        return Q(pk__in=regions_within(user))
    return NOTHING  # checklists and vocabularies: provincial administrators only


def editable(user, queryset):
    """The records of `queryset.model` that `user` may change."""
    model = queryset.model
    if is_provincial_admin(user):
        return queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if model is Membership:  # memberships go with their collaboration
        return queryset.filter(collaboration__in=editable(user, Organisation.objects.all()).values("pk"))
    if model not in SCOPED_MODELS:
        return queryset.none()
    return queryset.filter(_editor_condition(model, user) | _curator_condition(model, user))


def may_approve(user, record):
    """Who reviews a record: a curator whose regions it lies within, or a provincial administrator. The one
    rule for publishing from review and for approving an editor's change to a published record."""
    return can_publish(user) and can_edit(user, record)


def approvable(user, queryset):
    """The records of `queryset.model` whose review is `user`'s (see `may_approve`)."""
    return editable(user, queryset) if can_publish(user) else queryset.none()


def can_edit(user, record):
    """Whether `user` may change this one record (a saved one; new records are checked by their choices)."""
    if is_provincial_admin(user):
        return True
    if record is None or record.pk is None:
        return False
    return editable(user, type(record)._default_manager.filter(pk=record.pk)).exists()


# --- Choices in forms --------------------------------------------------------------------------------------

# Relations that decide whose record it is: a user picks only values that keep the record in their scope.
OWNER_FIELDS = {
    (Instrument, "provider"): "organisations",
    (PracticeExample, "organisations"): "organisations",
    (Organisation, "regions"): "regions",
    (Instrument, "regions"): "regions",
    (PracticeExample, "region"): "regions",
    (Region, "parents"): "regions",
    (KnowledgeOffer, "provider"): "organisations",
    (KnowledgeOffer, "regions"): "regions",
    (LearningCommunity, "contact"): "organisations",
    (LearningCommunity, "regions"): "regions",
    (Ambassador, "organisation"): "organisations",
    (Ambassador, "regions"): "regions",
}


def choice_queryset(user, model, field_name, queryset):
    """The choices `user` gets for `model.field_name`, or `queryset` unchanged when no limit applies.

    Organisation-owned fields are limited for loket editors (not curators), region fields for curators
    (not editors), so that a saved record stays within the user's own scope.
    """
    kind = OWNER_FIELDS.get((model, field_name))
    if kind is None or is_provincial_admin(user):
        return queryset
    roles = role_names(user)
    curator = REGIONAL_CURATOR in roles or CuratorRegion.objects.filter(user=user).exists()
    if kind == "organisations" and not curator:
        return queryset.filter(pk__in=_editor_organisations(user))
    if kind == "regions" and curator:
        return queryset.filter(pk__in=regions_within(user))
    return queryset
