"""Server-rendered pages: stories, a story's map, adding articles, a job's progress, search.

Every page is a Jinja2 template with autoescaping on, so article text is
always shown as text; the story page embeds the report (``render_report``)
from its own route, sandboxed and under its own content security policy.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from .. import __version__
from ..report import render_report
from ..store import Store, resolve_url
from .api import FORM_LIMITS, export_response, jobs_of, read_submission_form
from .config import UPLOAD_SUFFIXES, WebConfig
from .security import csrf_token, protect, set_csrf_cookie
from .views import (
    DOC_ID,
    JOB_ID,
    STORY_KEY_MAX,
    document_link,
    export_formats,
    paragraphs,
    store_dependency,
    story_view,
)

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(store_dependency)]
StoryKey = Annotated[str, Path(max_length=STORY_KEY_MAX)]
ENV = Environment(loader=PackageLoader("rashomon.web", "templates"),
                  autoescape=select_autoescape(default=True, default_for_string=True))
STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page, with the CSRF token its forms carry and the cookie that token is bound to."""
    body = ENV.get_template(template).render(csrf=csrf_token(request), version=__version__,
                                             store_kind=store_kind(request.app.state.config), **context)
    response = HTMLResponse(body, status)
    set_csrf_cookie(request, response)
    return response


def store_kind(config: WebConfig) -> str:
    return "PostgreSQL" if resolve_url(config.db)[0] == "postgresql" else "SQLite"


def _add_context(request: Request, store: Store, story: str | None = None, error: str | None = None) -> dict[str, Any]:
    config = request.app.state.config
    return {"stories": store.stories(), "story": story, "error": error, "accept": ",".join(UPLOAD_SUFFIXES),
            "max_files": config.max_files, "max_upload_mb": round(config.max_upload_bytes / 1e6, 1),
            "allow_private": config.allow_private_urls}


@router.get("/", response_class=HTMLResponse)
def index(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "index.html.j2", stories=store.stories(), jobs=jobs_of(request).recent(10))


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request, store: StoreDep,
             story: Annotated[str | None, Query(max_length=STORY_KEY_MAX)] = None) -> HTMLResponse:
    return render(request, "add.html.j2", **_add_context(request, store, story))


@router.post("/add", form_limits=FORM_LIMITS)
async def add_submit(
    request: Request,
    story: Annotated[str, Form(max_length=STORY_KEY_MAX)],
    files: Annotated[list[UploadFile] | None, File()] = None,
    text: Annotated[str | None, Form()] = None,
    title: Annotated[str | None, Form(max_length=500)] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    csrf_token: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    protect(request, csrf_token)
    sub = await read_submission_form(request, story, files, text, title, url)
    job = jobs_of(request).submit(sub)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: Annotated[str, Path(pattern=JOB_ID)]) -> HTMLResponse:
    job = jobs_of(request).get(job_id)
    if job is None:
        raise HTTPException(404, "no such job (jobs are kept in memory until the server stops)")
    return render(request, "job.html.j2", job=job)


@router.get("/stories/{story}", response_class=HTMLResponse)
def story_page(request: Request, story: StoryKey, store: StoreDep) -> HTMLResponse:
    view = story_view(store, story)
    brief = None
    if view.nmap is not None:
        from ..brief import brief_of
        from ..brief.markdown import TITLES

        brief = brief_of(view.nmap)
    return render(request, "story.html.j2", story=view.story, documents=view.documents, nmap=view.nmap,
                  brief=brief, sections=TITLES if brief else (),
                  contradictions=view.contradictions, actors=view.actors, titles=view.titles,
                  formats=list(export_formats()), accept=",".join(UPLOAD_SUFFIXES))


@router.get("/stories/{story}/report", response_class=HTMLResponse)
def story_report(story: StoryKey, store: StoreDep) -> HTMLResponse:
    nmap = store.map(story)
    if nmap is None:
        raise HTTPException(404, "this story has no map yet")
    return HTMLResponse(render_report(nmap))


@router.get("/stories/{story}/export/{fmt}")
def story_export(story: StoryKey, fmt: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,20}$")],
                 store: StoreDep) -> Response:
    return export_response(store, story, fmt)


@router.post("/stories/{story}/refresh")
def story_refresh(request: Request, story: StoryKey, store: StoreDep,
                  csrf_token: Annotated[str | None, Form()] = None) -> RedirectResponse:
    protect(request, csrf_token)
    job = jobs_of(request).submit_refresh(store.story(story).id)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: Annotated[str, Path(pattern=DOC_ID)], store: StoreDep) -> HTMLResponse:
    doc = store.document(doc_id)
    return render(request, "document.html.j2", doc=doc, paragraphs=paragraphs(doc.text),
                  stories=store.document_stories(doc.id), link=document_link(doc))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: Annotated[str | None, Query(max_length=500)] = None,
                actor: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    hits = store.search(q) if q else []
    actors = store.search_actor(actor) if actor else []
    return render(request, "search.html.j2", q=q, actor=actor, hits=hits, actors=actors)


@router.get("/static/{name}")
def static(name: Annotated[str, Path(max_length=40)]) -> Response:
    """The two assets the pages use, from the package; no other name reaches any file."""
    if name not in STATIC:
        raise HTTPException(404, "no such asset")
    data = files("rashomon.web").joinpath("templates", name).read_bytes()
    return Response(data, media_type=STATIC[name], headers={"Cache-Control": "max-age=3600"})
