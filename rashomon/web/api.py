"""The JSON API: everything the pages do, described at ``/api/openapi.json``.

State-changing calls need the CSRF token (``GET /api/csrf`` returns it and
sets the cookie it is bound to) in the ``X-CSRF-Token`` header or the
``csrf_token`` form field, and must not come from another site.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from ..mapio import to_dict
from ..store import Store
from .jobs import Job, JobQueue
from .security import csrf_token, protect, set_csrf_cookie
from .sources import Refused, Submission, check_content, check_file, check_text, check_url
from .views import DOC_ID, JOB_ID, STORY_KEY_MAX, clean_story_name, export, export_formats, store_dependency

if TYPE_CHECKING:
    from fastapi._form_limits import _FormLimits

router = APIRouter(prefix="/api", tags=["api"])
# A text field may be as large as the request (which the Guard bounds): check_text then answers 413
# with the pasted-text limit instead of the form parser answering 400.
FORM_LIMITS: _FormLimits = {"max_part_size": 64_000_000}
StoreDep = Annotated[Store, Depends(store_dependency)]
StoryKey = Annotated[str, Path(max_length=STORY_KEY_MAX, description="story id or name")]


class StoryOut(BaseModel):
    id: str
    name: str
    created: str
    updated: str
    documents: int
    entities: int
    claims: int
    contradictions: int
    conflicts: int
    map_updated: str | None
    stale: bool


class DocumentOut(BaseModel):
    id: str
    source: str
    title: str | None
    author: str | None
    outlet: str | None
    published: str | None
    language: str | None
    url: str | None


class StoryDetail(StoryOut):
    articles: list[DocumentOut]
    exports: list[str]


class JobOut(BaseModel):
    id: str
    kind: str
    story: str
    label: str
    status: str
    message: str
    stage: str | None
    done: int
    total: int
    story_id: str | None
    added: list[str]
    known: list[str]
    skipped: list[dict[str, str | None]]
    created: float
    finished: float | None


class Segment(BaseModel):
    text: str
    hit: bool


class SearchHitOut(BaseModel):
    document: str
    title: str | None
    source: str
    snippet: list[Segment]
    stories: list[dict[str, str]]


class MentionOut(BaseModel):
    document: str
    start: int
    end: int
    text: str


class ActorHitOut(BaseModel):
    story: str
    story_name: str
    entity: str
    name: str
    type: str
    aliases: list[str]
    mention_count: int
    mentions: list[MentionOut]


def story_out(s: Any) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "created": s.created, "updated": s.updated, "documents": s.documents,
            "entities": s.entities, "claims": s.claims, "contradictions": s.links, "conflicts": s.conflicts,
            "map_updated": s.map_updated, "stale": s.stale}


def document_out(d: Any) -> dict[str, Any]:
    return {k: getattr(d, k) for k in DocumentOut.model_fields}


def jobs_of(request: Request) -> JobQueue:
    return request.app.state.jobs  # type: ignore[no-any-return]


@router.get("/stories", response_model=list[StoryOut], summary="Every story, most recently updated first")
def list_stories(store: StoreDep) -> list[dict[str, Any]]:
    return [story_out(s) for s in store.stories()]


@router.get("/stories/{story}", response_model=StoryDetail, summary="A story and its articles")
def get_story(story: StoryKey, store: StoreDep) -> dict[str, Any]:
    info = store.story(story)
    return {**story_out(info), "articles": [document_out(d) for d in store.documents(info.id)],
            "exports": list(export_formats())}


@router.get("/stories/{story}/map", summary="The story's narrative map (map.json contract)")
def get_map(story: StoryKey, store: StoreDep) -> JSONResponse:
    nmap = store.map(story)
    if nmap is None:
        raise HTTPException(404, f"story '{story[:80]}' has no map yet")
    return JSONResponse(to_dict(nmap))


@router.get("/stories/{story}/export/{fmt}", summary="The story's map in an export format",
            response_class=Response)
def export_map(story: StoryKey, fmt: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,20}$")], store: StoreDep) -> Response:
    return export_response(store, story, fmt)


def export_response(store: Store, story: str, fmt: str) -> Response:
    formats = export_formats()
    if fmt not in formats:
        raise HTTPException(404, f"unknown export format '{fmt}' (known: {', '.join(formats)})")
    info = store.story(story)
    nmap = store.map(info.id)
    if nmap is None:
        raise HTTPException(404, f"story '{info.name}' has no map yet")
    media, suffix = formats[fmt]
    return Response(export(nmap, fmt), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{info.id}.{suffix}"'})


@router.post("/stories/{story}/refresh", status_code=202, response_model=JobOut,
             summary="Recompute the story's map in the background")
def refresh(request: Request, story: StoryKey, store: StoreDep,
            csrf_token: Annotated[str | None, Form()] = None) -> dict[str, Any]:
    protect(request, csrf_token)
    return jobs_of(request).submit_refresh(store.story(story).id).to_dict()


async def read_submission_form(request: Request, story: str, files: list[UploadFile] | None, text: str | None,
                               title: str | None, url: str | None) -> Submission:
    """Check the submitted parts at once (size, type, scheme) and spool the uploads to disk.

    Reading happens in a worker; a refused submission leaves nothing behind.
    """
    config = request.app.state.config
    jobs_of(request).check_room()
    sub = Submission(clean_story_name(story), title=title)
    uploads = [f for f in files or [] if f.filename or f.size]
    if len(uploads) > config.max_files:
        raise Refused("upload", f"{len(uploads)} files, over the limit of {config.max_files} per request", 413)
    try:
        for upload in uploads:
            name = check_file(upload.filename, upload.size or 0, config)
            await upload.seek(0)
            head = await upload.read(8192)
            await upload.seek(0)
            size = sub.add_file(name, upload.file, config.max_upload_bytes, config.spool_dir)
            check_file(upload.filename, size, config)
            check_content(name, head)
        if text and text.strip():
            check_text(text, config)
            sub.text = text
        if url and url.strip():
            sub.url = check_url(url)
        if sub.empty():
            raise Refused("submission", "nothing to add: upload files, paste a text or give a URL", 400)
    except BaseException:
        sub.discard()
        raise
    return sub


@router.post("/articles", status_code=202, response_model=JobOut,
             summary="Add articles (uploads, pasted text, a URL) to a story; analysed in the background",
             form_limits=FORM_LIMITS)
async def add_articles(
    request: Request,
    story: Annotated[str, Form(max_length=STORY_KEY_MAX)],
    files: Annotated[list[UploadFile] | None, File(description="article files: .txt .md .html .htm .jsonl")] = None,
    text: Annotated[str | None, Form()] = None,
    title: Annotated[str | None, Form(max_length=500)] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    csrf_token: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    protect(request, csrf_token)
    sub = await read_submission_form(request, story, files, text, title, url)
    return jobs_of(request).submit(sub).to_dict()


@router.get("/jobs", response_model=list[JobOut], summary="Recent jobs, newest first")
def list_jobs(request: Request) -> list[dict[str, Any]]:
    return [j.to_dict() for j in jobs_of(request).recent()]


@router.get("/jobs/{job_id}", response_model=JobOut, summary="Where a job is (poll until done or failed)")
def get_job(request: Request, job_id: Annotated[str, Path(pattern=JOB_ID)]) -> dict[str, Any]:
    job: Job | None = jobs_of(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no job '{job_id}' (jobs are kept in memory until the server stops)")
    return job.to_dict()


@router.get("/search", response_model=list[SearchHitOut], summary="Full-text search over every article")
def search(store: StoreDep, q: Annotated[str, Query(max_length=500)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[Any]:
    return store.search(q, limit)


@router.get("/actors", response_model=list[ActorHitOut], summary="Actors whose name or alias matches")
def actors(store: StoreDep, name: Annotated[str, Query(max_length=200)],
           limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[Any]:
    return store.search_actor(name, limit)


@router.get("/documents/{doc_id}", summary="One stored article (the map contract's document fields)")
def get_document(doc_id: Annotated[str, Path(pattern=DOC_ID)], store: StoreDep) -> JSONResponse:
    return JSONResponse(asdict(store.document(doc_id)))


@router.get("/csrf", summary="A CSRF token for this client (sets the cookie it is bound to)")
def get_csrf(request: Request) -> JSONResponse:
    response = JSONResponse({"token": csrf_token(request), "header": "X-CSRF-Token"})
    set_csrf_cookie(request, response)
    return response
