"""Everything only /beheer/ needs: roles, workflow, link checks, the review dashboard, import/export
resources and the curation pages. No public module imports this package; catalog.admin is the glue.
"""
