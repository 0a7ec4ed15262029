"""/datasets: list, create, read and change a dataset's metadata."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from jingshu.accounts.models import Organization
from jingshu.accounts.service import get_organization
from jingshu.catalog.models import Dataset
from jingshu.catalog.search import search
from jingshu.catalog.service import (
    add_resource,
    create_dataset,
    get_dataset,
    update_dataset,
)
from jingshu.web.api.handlers.catalog import Search
from jingshu.web.api.schemas.datasets import (
    DatasetIn,
    DatasetOut,
    DatasetPatch,
    ResourceIn,
    ResourceOut,
)
from jingshu.web.api.schemas.regrade import RegradeRequestOut
from jingshu.web.deps import DbSession, Who
from jingshu.web.policies import authorize
from jingshu.web.policies.datasets import DatasetPolicy

__all__ = ["router"]

router = APIRouter(prefix="/datasets", tags=["datasets"])


@router.get("")
def list_all(who: Who, session: DbSession, query: Search, request: Request,
             response: Response) -> list[DatasetOut]:
    """Datasets' metadata, whatever their tier (the catalog is public), a page at a time.

    Takes the parameters of ``/catalog/search`` (``q``, the filters, ``sort``, ``limit``
    up to 1000, ``offset``). ``X-Total-Count`` gives the number of matches and a
    ``Link: <…>; rel="next"`` header the next page while there is one.
    """
    authorize(who, DatasetPolicy.list())
    hits, total = search(session, query.q, query.filters, limit=query.limit,
                         offset=query.offset, sort=query.sort)
    loaded = {d.id: d for d in session.scalars(
        select(Dataset).where(Dataset.id.in_([h.dataset_id for h in hits])))}
    response.headers["X-Total-Count"] = str(total)
    if query.offset + len(hits) < total:
        following = request.url.include_query_params(offset=query.offset + len(hits),
                                                     limit=query.limit)
        response.headers["Link"] = f'<{following}>; rel="next"'
    return [DatasetOut.of(loaded[h.dataset_id]) for h in hits]


@router.post("", status_code=201)
def create(body: DatasetIn, who: Who, session: DbSession) -> DatasetOut:
    """A new, empty dataset; a publisher's goes to their organization unless named."""
    authorize(who, DatasetPolicy.create())
    own_org = session.get(Organization, who.organization_id) if who.organization_id else None
    spec = body.to_spec(default_organization=own_org.name if own_org else None)
    if spec.organization:
        authorize(who, DatasetPolicy.create(get_organization(session, spec.organization).id))
    dataset = create_dataset(session, spec, actor=who.username)
    session.commit()
    return DatasetOut.of(dataset)


@router.get("/{name}")
def read(name: str, who: Who, session: DbSession) -> DatasetOut:
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.view(dataset))
    return DatasetOut.of(dataset)


@router.patch("/{name}", responses={202: {"model": RegradeRequestOut,
                                           "description": "lowering: request opened"}})
def change(name: str, body: DatasetPatch, who: Who, session: DbSession,
           response: Response) -> DatasetOut | RegradeRequestOut:
    """Change metadata; the tier/grade rule is checked on the result (422 naming it).

    Raising protection applies at once. Lowering it (tier more open, grade or level
    lower) does not: it opens a regrade request (202, needs ``reason``) that an
    administrator or data officer other than the requester approves; other fields in
    the same body apply at once.
    """
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.edit(dataset))
    changes = body.changes()
    if changes.get("organization"):
        org = get_organization(session, str(changes["organization"]))
        authorize(who, DatasetPolicy.create(org.id))
    done = update_dataset(session, dataset, actor=who.username, reason=body.reason, **changes)
    session.commit()
    if done.regrade is not None:
        response.status_code = 202
        return RegradeRequestOut.of(done.regrade)
    return DatasetOut.of(dataset)


@router.post("/{name}/resources", status_code=201)
def attach_resource(name: str, body: ResourceIn, who: Who, session: DbSession) -> ResourceOut:
    """Attach a document or link (standard, API description, sample file) to a dataset."""
    dataset = get_dataset(session, name)
    authorize(who, DatasetPolicy.edit(dataset))
    resource = add_resource(session, dataset, body.title, body.url, actor=who.username,
                            fmt=body.format, description=body.description)
    session.commit()
    return ResourceOut.of(resource)
