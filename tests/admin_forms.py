"""The admin's main form as a browser submits it, read with tests/html.py: the one form reader of /beheer/."""

from tests.html import form_data, page


def admin_form(response):
    """The main form of an admin page (a change form or an old version to revert to), parsed."""
    form = page(response).find("form", id=lambda id_: id_ and id_.endswith("_form"), method="post")
    assert form is not None, "no admin form on the page"
    return form


def admin_form_data(response, **changes):
    """What a browser would submit from the admin form in `response`, with `changes` applied."""
    data = form_data(admin_form(response))
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def submit(client, url, **changes):
    """Open the admin form at `url`, change some fields and save, as an editor in a browser would."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return client.post(url, admin_form_data(response, **changes))
