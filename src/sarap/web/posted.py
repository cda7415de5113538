"""The posted form as a dependency, so that handlers doing database work can be plain `def`: FastAPI
reads the body on the event loop and runs the handler in its thread pool, and one slow import or
save no longer stalls every other request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData


async def _read_form(request: Request) -> FormData:
    return await request.form()


PostedForm = Annotated[FormData, Depends(_read_form)]
