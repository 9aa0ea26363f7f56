"""The application factory: routes, guards, error pages, and the background worker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import RashomonError, StoreError
from ..store import DocumentNotFound, StoryNotFound, open_store
from . import api, pages
from .config import WebConfig
from .jobs import JobQueue
from .security import Guard
from .sources import Refused


def create_app(config: WebConfig | None = None) -> FastAPI:
    """Build the app over one store; the store is created or migrated here, before serving.

        >>> app = create_app(WebConfig(db=":memory:"))  # doctest: +SKIP
    """
    config = config or WebConfig()
    with open_store(config.db):
        pass  # create or migrate once, and fail now rather than on the first request
    jobs = JobQueue(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs.start()
        yield
        jobs.stop()

    app = FastAPI(title="rashomon", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Stories, articles and narrative maps of a rashomon store.")
    app.state.config = config
    app.state.jobs = jobs
    app.include_router(api.router)
    app.include_router(pages.router)
    _handle_errors(app)
    app.add_middleware(Guard, config=config)
    return app


def _answer(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"detail": message}, status)
    body = pages.ENV.get_template("error.html.j2").render(status=status, message=message, version=__version__,
                                                          store_kind=pages.store_kind(request.app.state.config))
    return HTMLResponse(body, status)


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _answer(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        return _answer(request, 422, f"invalid request ({problems})")

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return _answer(request, exc.status, str(exc))

    @app.exception_handler(StoryNotFound)
    @app.exception_handler(DocumentNotFound)
    async def not_found(request: Request, exc: StoreError) -> Response:
        return _answer(request, 404, str(exc))

    @app.exception_handler(RashomonError)
    async def failed(request: Request, exc: RashomonError) -> Response:
        return _answer(request, 500, str(exc))
