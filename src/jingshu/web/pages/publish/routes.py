"""Publishing in the portal: a new dataset, its metadata, dictionary, resources, versions.

=========================================  =============================================
``GET|POST /new-dataset``                  a publisher (their organization) or an admin:
                                           metadata, tier and grade, and optionally the
                                           first version's file
``GET /datasets/{name}/edit``              the dataset's publisher or an admin: the forms
                                           below, with what the last one did
``POST /datasets/{name}/edit``             change metadata (lowering protection opens a
                                           regrade request, with its reason)
``POST /datasets/{name}/edit/dictionary``  describe the newest version's fields
``POST /datasets/{name}/edit/resources``   attach a resource (a link)
``POST /datasets/{name}/edit/versions``    upload a new version (same fields)
=========================================  =============================================

The same policies (:class:`DatasetPolicy` ``create`` and ``edit``) and use cases
(:mod:`jingshu.catalog.service`, :func:`jingshu.web.uploads.import_upload`) as the API,
so every write is checked and audited the same way. Uploads stream to a temporary file
under the server's upload limit; ``static/publish.js`` sends them with a progress bar
(the forms work without it). Each refusal is placed beside its field, in the page's
language.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from jingshu.accounts.models import Organization, Role
from jingshu.catalog.models import Dataset
from jingshu.catalog.service import (
    DatasetSpec,
    add_resource,
    create_dataset,
    describe_field,
    get_dataset,
)
from jingshu.errors import ConflictError, InputError, JingshuError, RuleViolation
from jingshu.web.deps import DbSession, PlatformDep, Principal, Viewer, Who
from jingshu.web.pages.i18n import language_of, t
from jingshu.web.pages.publish.edits import (
    change_metadata,
    organization_error,
    publisher_organizations,
)
from jingshu.web.pages.publish.forms import DatasetForm, tier_rule
from jingshu.web.pages.render import page_url, render
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy
from jingshu.web.uploads import import_upload

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
_FLASHES = ("created", "created_version", "saved", "saved_dictionary", "added_resource",
            "version_added", "regrade_opened", "nothing_changed")


async def _form(request: Request) -> FormData:
    return await request.form()


Posted = Annotated[FormData, Depends(_form)]


def _login_first(who: Principal, here: str) -> RedirectResponse | None:
    if who.is_anonymous:
        return RedirectResponse(page_url("/login", next=here), status_code=303)
    return None


def _file(posted: FormData) -> UploadFile | None:
    """The posted file, or None when the file input was left empty."""
    file = posted.get("file")
    if isinstance(file, UploadFile) and file.filename:
        return file
    return None


def _new_page(request: Request, session: Session, who: Principal, form: DatasetForm,
              errors: dict[str, str], platform: PlatformDep, status: int = 200) -> HTMLResponse:
    return render(request, "publish/new.html", who=who, form=form, errors=errors,
                  organizations=publisher_organizations(session, who),
                  can_leave_unowned=who.role is Role.ADMIN, status=status,
                  max_mb=platform.settings.max_upload_mb,
                  tier_rule=tier_rule(language_of(request)))


@router.get("/new-dataset", response_class=HTMLResponse, response_model=None)
def new_dataset_page(request: Request, session: DbSession, who: Viewer,
                     platform: PlatformDep) -> Response:
    if (login := _login_first(who, "/new-dataset")) is not None:
        return login
    authorize(who, DatasetPolicy.create())
    own = session.get(Organization, who.organization_id) if who.organization_id else None
    form = DatasetForm(organization=own.name if own else "")
    return _new_page(request, session, who, form, {}, platform)


def _create(session: Session, platform: PlatformDep, who: Principal, spec: DatasetSpec,
            file: UploadFile | None, lang: str) -> tuple[dict[str, object], dict[str, str]]:
    """Create the dataset (with its first version from ``file``): the flash's parameters,
    or the errors by field."""
    try:
        if file is None:
            create_dataset(session, spec, actor=who.username)
            return {"done": "created", "name": spec.name}, {}
        version = import_upload(session, platform.store, file, spec=spec,
                                creator=who.username, append=False)
    except ConflictError:
        return {}, {"name": t("pub.err.taken", lang, name=spec.name)}
    except RuleViolation as exc:
        return {}, {"open_tier": exc.message}
    except InputError as exc:
        return {}, {"file": t("pub.err.file", lang, message=_with_hint(exc))}
    return {"done": "created_version", "name": spec.name, "number": version.number,
            "rows": version.rows}, {}


def _with_hint(exc: JingshuError) -> str:
    return exc.message + (f" ({exc.hint})" if exc.hint else "")


@router.post("/new-dataset", response_class=HTMLResponse, response_model=None)
def new_dataset_submit(request: Request, session: DbSession, who: Who, platform: PlatformDep,
                       posted: Posted) -> Response:
    authorize(who, DatasetPolicy.create())
    lang = language_of(request)
    form = DatasetForm.parse(posted)
    spec, errors = form.to_spec(lang)
    org_error = organization_error(session, who, form.organization, None, lang)
    if org_error:
        errors["organization"] = org_error
    if spec is None or errors:
        return _new_page(request, session, who, form, errors, platform, status=400)
    flash, errors = _create(session, platform, who, spec, _file(posted), lang)
    if errors:
        session.rollback()
        return _new_page(request, session, who, form, errors, platform, status=400)
    session.commit()
    return _back(spec.name, **flash)


def _editable(session: Session, who: Principal, name: str) -> Dataset:
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.edit(dataset))
    return dataset


def _flash(request: Request, lang: str) -> str:
    done = request.query_params.get("done", "")
    if done not in _FLASHES:
        return ""
    values = {k: request.query_params.get(k, "") for k in ("name", "number", "rows", "title",
                                                           "id")}
    return t(f"pub.{done}", lang, **values)


def _edit_page(request: Request, session: Session, who: Principal, dataset: Dataset,
               platform: PlatformDep, *, form: DatasetForm | None = None,
               errors: dict[str, str] | None = None, resource: dict[str, str] | None = None,
               status: int = 200) -> HTMLResponse:
    lang = language_of(request)
    return render(request, "publish/edit.html", who=who, dataset=dataset,
                  form=form or DatasetForm.of(dataset), errors=errors or {},
                  resource=resource or {},
                  newest=dataset.versions[-1] if dataset.versions else None,
                  organizations=publisher_organizations(session, who),
                  can_leave_unowned=who.role is Role.ADMIN, status=status,
                  max_mb=platform.settings.max_upload_mb, tier_rule=tier_rule(lang),
                  flash="" if errors else _flash(request, lang))


@router.get("/datasets/{name}/edit", response_class=HTMLResponse, response_model=None)
def edit_page(request: Request, name: str, session: DbSession, who: Viewer,
              platform: PlatformDep) -> Response:
    if (login := _login_first(who, f"/datasets/{name}/edit")) is not None:
        return login
    dataset = _editable(session, who, name)
    return _edit_page(request, session, who, dataset, platform)


def _back(dataset: str, **flash: object) -> RedirectResponse:
    """To the edit page, with what was done as its query (the flash)."""
    return RedirectResponse(page_url(f"/datasets/{dataset}/edit", **flash), status_code=303)


@router.post("/datasets/{name}/edit", response_class=HTMLResponse, response_model=None)
def edit_submit(request: Request, name: str, session: DbSession, who: Who,
                platform: PlatformDep, posted: Posted) -> Response:
    dataset = _editable(session, who, name)
    lang = language_of(request)
    form = replace(DatasetForm.parse(posted), name=dataset.name)
    outcome = change_metadata(session, who, dataset, form, lang)
    if outcome.errors:
        session.rollback()
        return _edit_page(request, session, who, get_dataset(session, name), platform,
                          form=form, errors=outcome.errors, status=400)
    session.commit()
    if outcome.regrade_id is not None:
        return _back(name, done="regrade_opened", id=outcome.regrade_id)
    return _back(name, done="saved" if outcome.changed else "nothing_changed")


@router.post("/datasets/{name}/edit/dictionary", response_model=None)
def dictionary_submit(name: str, session: DbSession, who: Who, posted: Posted) -> Response:
    dataset = _editable(session, who, name)
    if not dataset.versions:
        raise InputError(f"dataset {name!r} has no version to describe",
                         hint="upload a file first")
    version = dataset.versions[-1]
    for doc in version.fields:
        text = str(posted.get(f"field-{doc.position}", doc.description)).strip()
        if text != doc.description:
            describe_field(session, version, doc.name, text, actor=who.username)
    session.commit()
    return _back(name, done="saved_dictionary")


@router.post("/datasets/{name}/edit/resources", response_class=HTMLResponse,
             response_model=None)
def resource_submit(request: Request, name: str, session: DbSession, who: Who,
                    platform: PlatformDep, posted: Posted) -> Response:
    dataset = _editable(session, who, name)
    lang = language_of(request)
    values = {k: str(posted.get(k, "")).strip()
              for k in ("res_title", "res_url", "res_format", "res_description")}
    errors = {}
    if not values["res_title"]:
        errors["res_title"] = t("pub.err.res_title", lang)
    try:
        if not errors:
            add_resource(session, dataset, values["res_title"], values["res_url"],
                         actor=who.username, fmt=values["res_format"],
                         description=values["res_description"])
    except RuleViolation:
        errors["res_url"] = t("pub.err.res_url", lang)
    if errors:
        session.rollback()
        return _edit_page(request, session, who, get_dataset(session, name), platform,
                          errors=errors, resource=values, status=400)
    session.commit()
    return _back(name, done="added_resource", title=values["res_title"])


@router.post("/datasets/{name}/edit/versions", response_class=HTMLResponse,
             response_model=None)
def version_submit(request: Request, name: str, session: DbSession, who: Who,
                   platform: PlatformDep, posted: Posted) -> Response:
    dataset = _editable(session, who, name)
    lang = language_of(request)
    file = _file(posted)
    error = t("pub.err.no_file", lang) if file is None else ""
    if file is not None:
        try:
            version = import_upload(session, platform.store, file, spec=DatasetSpec.of(dataset),
                                    creator=who.username, append=True)
        except (InputError, RuleViolation) as exc:
            error = t("pub.err.file", lang, message=_with_hint(exc))
    if error:
        session.rollback()
        return _edit_page(request, session, who, get_dataset(session, name), platform,
                          errors={"file": error}, status=400)
    session.commit()
    return _back(name, done="version_added", number=version.number, rows=version.rows)
