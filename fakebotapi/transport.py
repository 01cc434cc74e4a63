"""The in-process front end: a python-telegram-bot ``BaseRequest`` that talks to the fake core directly."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urlparse

from telegram._utils.defaultvalue import DefaultValue
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from fakebotapi.core import FakeBotAPI, FakeTimeout

_API_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
_FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)$")


class FakeRequest(BaseRequest):
    def __init__(self, core: FakeBotAPI, read_timeout: float = 5.0) -> None:
        self.core = core
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | DefaultValue | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | DefaultValue | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | DefaultValue | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | DefaultValue | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        path = unquote(urlparse(url).path)
        file_match = _FILE_PATH.search(path)
        if file_match:
            content = self.core.file_content(file_match["token"], file_match["path"])
            return (
                (200, content)
                if content is not None
                else (404, b'{"ok":false,"error_code":404,"description":"Not Found"}')
            )
        match = _API_PATH.search(path)
        if not match:
            return 404, b'{"ok":false,"error_code":404,"description":"Not Found"}'
        params = dict(request_data.json_parameters) if request_data else {}
        files: dict[str, tuple[str, bytes]] = {}
        if request_data and request_data.multipart_data:
            for name, value in request_data.multipart_data.items():
                filename, content = value[0], value[1]
                files[name] = (filename or name, content if isinstance(content, bytes) else bytes(content))
                params.pop(name, None)
        try:
            status, body = await self.core.handle(match["token"], match["method"], params, files)
        except FakeTimeout as exc:
            raise TimedOut(f"Timed out (injected on {exc})") from None
        return status, json.dumps(body).encode()
