"""The HTTP front end: the fake core served by aiohttp on 127.0.0.1, for end-to-end runs of ``python -m bot``."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from fakebotapi.core import FakeBotAPI, FakeTimeout


def make_app(core: FakeBotAPI, timeout_delay: float = 30.0) -> web.Application:
    async def api(request: web.Request) -> web.Response:
        params: dict[str, str] = {}
        files: dict[str, tuple[str, bytes]] = {}
        if request.method == "POST" and request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.filename:  # type: ignore[union-attr]
                    files[part.name or ""] = (part.filename, await part.read())  # type: ignore[union-attr]
                else:
                    params[part.name or ""] = await part.text()  # type: ignore[union-attr]
        elif request.method == "POST":
            params.update({k: str(v) for k, v in (await request.post()).items()})
        params.update(request.query)
        try:
            status, body = await core.handle(request.match_info["token"], request.match_info["method"], params, files)
        except FakeTimeout:
            await asyncio.sleep(timeout_delay)
            return web.Response(status=504)
        return web.Response(status=status, text=json.dumps(body), content_type="application/json")

    async def file(request: web.Request) -> web.Response:
        content = core.file_content(request.match_info["token"], request.match_info["path"])
        if content is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.Response(body=content)

    app = web.Application(client_max_size=60 * 1024 * 1024)
    app.router.add_route("*", "/bot{token}/{method}", api)
    app.router.add_get("/file/bot{token}/{path:.+}", file)
    return app


@asynccontextmanager
async def serve(core: FakeBotAPI, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve the fake on loopback; yields the base URL to put in TELEGRAM_API_BASE_URL."""
    runner = web.AppRunner(make_app(core), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
    bound = sockets[0].getsockname()[1] if sockets else port
    try:
        yield f"http://{host}:{bound}/bot"
    finally:
        await runner.cleanup()
