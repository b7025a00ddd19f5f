"""The role groups and their model permissions; used by a data migration and `manage.py setup_roles`.

Permissions are named "app_label.codename". Which records a user may touch is decided per object by
catalog/curation/roles.py; these permissions decide which kinds of records and actions they see at all. This
lives in routekaart, the app that depends on the others: the groups get rights in catalog, ecosystems and
routekaart.
"""

from catalog.curation.roles import LOKET_EDITOR, PROVINCIAL_ADMIN, REGIONAL_CURATOR


def _perms(model, *actions, app="catalog"):
    return [f"{app}.{action}_{model}" for action in actions]


VOCABULARIES = ["document", "phase", "factor", "entrepreneurtype", "firmsize", "theme", "typology", "region"]
READ_VOCABULARIES = [perm for model in VOCABULARIES for perm in _perms(model, "view")]
HANDOFF = "routekaart"

EDITOR_PERMISSIONS = [
    *READ_VOCABULARIES,
    *_perms("organisation", "view", "change"),
    *_perms("instrument", "view", "add", "change"),
    *_perms("practiceexample", "view", "add", "change"),
    *_perms("knowledgeoffer", "view", "add", "change"),
    *_perms("learningcommunity", "view", "add", "change"),
    *_perms("ambassador", "view", "add", "change"),
    *_perms("membership", "view", "add", "change", "delete"),
    *_perms("source", "view", "add", "change"),
    *_perms("outdatedreport", "view", "change"),
    *_perms("linkcheck", "view"),
    *_perms("handoffrequest", "view", "change", app=HANDOFF),
    *_perms("joinrequest", "view", app=HANDOFF),
    *_perms("knowledgeshare", "view", app=HANDOFF),
]

CURATOR_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    *_perms("organisation", "add", "delete"),
    *_perms("instrument", "delete"),
    *_perms("practiceexample", "delete"),
    *_perms("knowledgeoffer", "delete"),
    *_perms("learningcommunity", "delete"),
    *_perms("ambassador", "delete"),
    *_perms("region", "change"),
    *_perms("coveragesnapshot", "view", app="ecosystems"),
]

ADMIN_MODELS = [
    "document",
    "source",
    "phase",
    "factor",
    "entrepreneurtype",
    "firmsize",
    "theme",
    "typology",
    "typologycategory",
    "region",
    "organisation",
    "membership",
    "instrument",
    "practiceexample",
    "knowledgeoffer",
    "learningcommunity",
    "ambassador",
    "checklist",
    "checklistitem",
    "outdatedreport",
    "organisationeditor",
    "editorassignment",
    "curatorregion",
    "linkcheck",
    "searchsynonym",
]
PROVINCIAL_PERMISSIONS = [
    *[perm for model in ADMIN_MODELS for perm in _perms(model, "view", "add", "change", "delete")],
    *_perms("handoffrequest", "view", "change", "delete", app=HANDOFF),
    *_perms("joinrequest", "view", "delete", app=HANDOFF),
    *_perms("knowledgeshare", "view", "delete", app=HANDOFF),
    *_perms("coveragesnapshot", "view", "add", "delete", app="ecosystems"),
    *_perms("user", "view", "add", "change", "delete", app="auth"),
    *_perms("group", "view", app="auth"),
]

ROLE_PERMISSIONS = {
    LOKET_EDITOR: EDITOR_PERMISSIONS,
    REGIONAL_CURATOR: CURATOR_PERMISSIONS,
    PROVINCIAL_ADMIN: PROVINCIAL_PERMISSIONS,
}


def setup_roles_in_migration(apps, schema_editor):
    """RunPython of the migrations that (re)create the groups; permissions first (migrate makes them last)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    setup_roles(apps)


def setup_roles(apps=None):
    """Create the three groups and set exactly their permissions. Idempotent; returns {group: count}.

    `apps` is the app registry of a migration, or None for the live models. In a migration, the permissions of
    models that do not exist yet at that point are left for the later migration that runs this again.
    """
    in_migration = apps is not None
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    result = {}
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for perm in dict.fromkeys(wanted):
            app_label, codename = perm.split(".")
            if in_migration and not _model_exists(apps, app_label, codename.split("_", 1)[1]):
                continue
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
        result[name] = len(permissions)
    return result


def _model_exists(apps, app_label, model_name):
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True
