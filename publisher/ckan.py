"""Action name + data (+ a file) → CKAN's answer: the one seam between kpu-publisher and a portal.

Everything that talks to CKAN goes through `Ckan.call` / `Ckan.upload`: JSON posts to
`/api/3/action/<name>`, file uploads streamed as multipart (a 1 GB file is never read whole into
memory), retries with exponential backoff and jitter on connection errors, timeouts, 429 and 5xx
(honouring `Retry-After`), and CKAN's error envelope turned into exceptions in one function
(`_raise_for`). The token travels only in the Authorization header and is never shown.

Exceptions (all `PortalError`, so the CLI exits 2 with the message when one escapes):

    PortalError
     ├── Unavailable        could not get an answer after the retries
     ├── Ambiguous          a create may or may not have happened: look before trying again
     └── ActionFailed       CKAN answered with an error
          ├── ValidationFailed   409 Validation Error, with CKAN's per-field messages
          ├── NotAuthorized      403 (a bad token is anonymous to CKAN)
          ├── NotFound           404
          └── UnknownAction      400 "Action name not known" (e.g. no ckanext-scheming)

Tests swap the network for an `httpx.MockTransport` (tests/fakeckan.py) through `transport=`.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

import httpx

from publisher import access as access_lib
from publisher.config import Portal
from publisher.errors import PortalError

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
# Statuses after which a write surely did not happen, so repeating it cannot duplicate anything.
NOT_APPLIED_STATUS = frozenset({429, 503})


class Unavailable(PortalError):
    pass


class Ambiguous(PortalError):
    pass


class ActionFailed(PortalError):
    def __init__(
        self,
        action: str,
        message: str,
        *,
        status: int,
        hint: str = "",
        en: str = "",
        hint_en: str = "",
    ) -> None:
        english = f"CKAN {action}: {en}" if en else ""
        super().__init__(f"CKAN {action}: {message}", hint=hint, en=english, hint_en=hint_en)
        self.action = action
        self.status = status


class ValidationFailed(ActionFailed):
    def __init__(self, action: str, errors: Mapping[str, Any], *, status: int) -> None:
        self.errors = dict(errors)
        shown = "; ".join(f"{k}: {_flat(v)}" for k, v in sorted(self.errors.items()))
        super().__init__(action, f"ditolak: {shown}", status=status, en=f"rejected: {shown}")


class NotAuthorized(ActionFailed):
    pass


class NotFound(ActionFailed):
    pass


class UnknownAction(ActionFailed):
    pass


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    base: float = 0.5
    cap: float = 20.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.cap * 3)
        return random.uniform(0, min(self.cap, self.base * 2**attempt))


@dataclass
class Counters:
    """Requests made, by kind; shared by worker threads."""

    requests: int = 0
    writes: int = 0
    uploads: int = 0
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, *, write: bool, upload: bool) -> None:
        with self.lock:
            self.requests += 1
            self.writes += int(write)
            self.uploads += int(upload)

    def retried(self) -> None:
        with self.lock:
            self.retries += 1

    def as_dict(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "writes": self.writes,
            "uploads": self.uploads,
            "retries": self.retries,
        }


READ_ACTIONS = frozenset(
    {
        "status_show",
        "license_list",
        "package_show",
        "package_search",
        "package_list",
        "organization_show",
        "organization_list",
        "group_show",
        "group_list",
        "resource_show",
        "user_show",
        "scheming_dataset_schema_show",
        "datastore_search",
    }
)


class Ckan:
    """A CKAN portal at `url`, spoken to with `token` (may be None for read-only use)."""

    def __init__(
        self,
        url: str,
        token: str | None,
        *,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.counters = Counters()
        self._sleep = sleep
        headers = {"User-Agent": "kpu-publisher"}
        if token:
            headers["Authorization"] = token
        # POSTs must not follow redirects: a redirect turns them into GETs and drops the body.
        self._http = httpx.Client(
            base_url=self.url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=10.0),
            transport=transport,
            follow_redirects=False,
        )

    def wait_until(self, moment: float) -> None:
        """Sleep until time.monotonic() reaches `moment` (bounded by the caller's choice)."""
        left = moment - time.monotonic()
        if left > 0:
            self._sleep(left)

    def pause(self, attempt: int) -> None:
        """Wait as a retry would (backoff with jitter): before looking again after a lost answer."""
        self.counters.retried()
        self._sleep(self.retry.delay(attempt, None))

    @property
    def has_token(self) -> bool:
        return "Authorization" in self._http.headers

    def search(self, fq: str, *, page: int = 1000) -> Iterator[Mapping[str, Any]]:
        """Every dataset `package_search` finds for the filter query `fq`, private ones too,
        by name, `page` at a time."""
        start = 0
        while True:
            body = {"fq": fq, "rows": page, "start": start, "include_private": True}
            found = self.call("package_search", {**body, "sort": "name asc"})
            yield from found["results"]
            start += page
            if start >= int(found["count"]):
                return

    def license_ids(self) -> frozenset[str]:
        """The ids of the portal's licence list (`license_list`; no token needed)."""
        return frozenset(str(item["id"]) for item in self.call("license_list"))

    def download(self, url: str, target: Path) -> str:
        """A file the portal serves, streamed to `target` (written whole or not at all); its
        sha256. Only from this portal's own address: the token goes to no other host."""
        if not url.startswith(self.url + "/"):
            raise PortalError(
                f"{url}: bukan alamat portal {self.url}; tidak diunduh",
                hint="berkas dari situs lain tidak diambil: periksa URL sumber daya itu di portal",
                en=f"{url}: not on the portal {self.url}; not downloaded",
                hint_en="files from other sites are not fetched: look at that resource's URL",
            )
        part = target.with_name(f".{target.name}.part")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            digest = self._stream_to(url, part)
        except httpx.HTTPError as exc:
            part.unlink(missing_ok=True)
            raise PortalError(
                f"{url}: gagal diunduh ({type(exc).__name__})",
                hint="pastikan portal dapat diakses, lalu jalankan pull lagi",
                en=f"{url}: download failed ({type(exc).__name__})",
                hint_en="check that the portal is up and run pull again",
            ) from None
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        part.replace(target)
        return digest

    def _stream_to(self, url: str, part: Path) -> str:
        digest = hashlib.sha256()
        with self._http.stream("GET", url[len(self.url) :]) as response:
            if response.status_code != 200:
                part.unlink(missing_ok=True)
                raise PortalError(
                    f"{url}: portal menjawab HTTP {response.status_code}",
                    hint="periksa bahwa berkas itu dapat diunduh dari portal",
                    en=f"{url}: the portal answered HTTP {response.status_code}",
                    hint_en="check that the file can be downloaded from the portal",
                )
            with part.open("wb") as out:
                for chunk in response.iter_bytes(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
        return digest.hexdigest()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Ckan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, action: str, data: Mapping[str, Any] | None = None, *, safe: bool = True) -> Any:
        """Run an action. `safe=False` marks a create: never blindly repeated (see Ambiguous)."""
        body = json.dumps(dict(data or {}), ensure_ascii=False).encode("utf-8")

        def send() -> httpx.Response:
            return self._http.post(
                f"/api/3/action/{action}",
                content=body,
                headers={"Content-Type": "application/json"},
            )

        return self._run(action, send, write=action not in READ_ACTIONS, upload=False, safe=safe)

    def upload(
        self,
        action: str,
        data: Mapping[str, Any],
        path: Path,
        *,
        safe: bool = True,
        verify: Callable[[BinaryIO], None] | None = None,
    ) -> Any:
        """Run an action with `path` as the `upload` file, streamed from disk.

        `verify` sees the opened file before a byte is sent (each attempt) and may raise to stop
        the upload: sync checks there that it is the file containment approved.
        """
        fields = {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}

        def send() -> httpx.Response:
            with path.open("rb") as handle:
                if verify is not None:
                    verify(handle)
                mime = str(data.get("mimetype") or "application/octet-stream")
                files = {"upload": (path.name, handle, mime)}
                return self._http.post(f"/api/3/action/{action}", data=fields, files=files)

        return self._run(action, send, write=True, upload=True, safe=safe)

    def _run(
        self,
        action: str,
        send: Callable[[], httpx.Response],
        *,
        write: bool,
        upload: bool,
        safe: bool,
    ) -> Any:
        attempt = 0
        while True:
            self.counters.add(write=write, upload=upload)
            retry_after: float | None = None
            try:
                response = send()
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                reason, applied = f"cannot connect to {self.url} ({type(exc).__name__})", False
                alasan = f"tidak dapat terhubung ke {self.url} ({type(exc).__name__})"
            except httpx.TransportError as exc:
                reason, applied = f"no answer from {self.url} ({type(exc).__name__})", True
                alasan = f"tidak ada jawaban dari {self.url} ({type(exc).__name__})"
            else:
                if response.status_code not in RETRY_STATUS:
                    return _raise_for(action, response)
                reason = f"HTTP {response.status_code} from {self.url}"
                alasan = f"HTTP {response.status_code} dari {self.url}"
                applied = response.status_code not in NOT_APPLIED_STATUS
                retry_after = _retry_after(response)
            if applied and not safe:
                raise Ambiguous(
                    f"CKAN {action}: {alasan}; mungkin sudah diterapkan, mungkin belum",
                    en=f"CKAN {action}: {reason}; it may or may not have been applied",
                )
            attempt += 1
            if attempt >= self.retry.attempts:
                raise Unavailable(
                    f"CKAN {action}: {alasan}, {attempt} kali percobaan",
                    hint="pastikan portal dapat diakses (portal.url di config/publisher.yaml"
                    " atau CKAN_URL), lalu coba lagi; sync melanjutkan dari tempat ia berhenti",
                    en=f"CKAN {action}: {reason}, {attempt} attempts",
                    hint_en="check that the portal is up (portal.url in config/publisher.yaml"
                    " or CKAN_URL) and try again; sync resumes where it stopped",
                )
            self.counters.retried()
            self._sleep(self.retry.delay(attempt, retry_after))


def _not_ckan(action: str, response: httpx.Response) -> NoReturn:
    """An answer without CKAN's envelope: a web page, a proxy's error, a redirect."""
    where = str(response.request.url)
    kind = response.headers.get("Content-Type", "?").split(";")[0] or "?"
    if response.is_redirect:
        target = response.headers.get("Location", "?")
        raise PortalError(
            f"portal mengalihkan {where} ke {target} (HTTP {response.status_code})",
            hint="pakai alamat tujuan itu sebagai portal.url atau CKAN_URL",
            en=f"the portal redirects {where} to {target} (HTTP {response.status_code})",
            hint_en="use that address as portal.url or CKAN_URL",
        )
    raise PortalError(
        f"ini bukan CKAN Action API: {action} dijawab {kind} (HTTP {response.status_code})"
        f" dari {where}",
        hint="periksa alamat portal (portal.url atau CKAN_URL): alamat dasar portal CKAN",
        en=f"this is not a CKAN Action API: got {kind} (HTTP {response.status_code}) from {where}",
        hint_en="check the portal address (portal.url or CKAN_URL): a CKAN portal's base address",
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    parsed = email.utils.parsedate_to_datetime(value)
    return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def _raise_for(action: str, response: httpx.Response) -> Any:
    """CKAN's envelope → the result, or the matching exception. The only place that reads it."""
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if isinstance(payload, dict) and payload.get("success") is True:
        return payload.get("result")
    if not (isinstance(payload, dict) and "success" in payload):
        _not_ckan(action, response)
    error = payload.get("error") if isinstance(payload, dict) else None
    error = error if isinstance(error, dict) else {}
    kind = str(error.get("__type", ""))
    message = str(error.get("message", ""))
    status = response.status_code
    if kind == "Validation Error" or status == 409:
        fields = {k: v for k, v in error.items() if k != "__type"}
        raise ValidationFailed(action, fields, status=status)
    if kind == "Authorization Error" or status == 403:
        raise NotAuthorized(
            action,
            f"akses ditolak (portal: {message})" if message else "akses ditolak",
            status=status,
            hint="periksa token API (variabel lingkungannya atau berkas token) dan hak"
            " pengguna di portal",
            en=message or "access denied",
            hint_en="check the API token (its environment variable or token file) and the"
            " user's rights on the portal",
        )
    if kind == "Not Found Error" or status == 404:
        raise NotFound(
            action,
            f"tidak ditemukan (portal: {message})" if message else "tidak ditemukan",
            status=status,
            en=message or "not found",
        )
    text = message or (response.text[:200] if payload is None else json.dumps(error)[:200])
    if status == 400 and "Action name not known" in response.text:
        raise UnknownAction(
            action,
            "aksi ini tidak dikenal oleh portal ini",
            status=status,
            en="action not known to this portal",
        )
    raise ActionFailed(
        action, f"portal menjawab HTTP {status}: {text}", status=status, en=f"HTTP {status}: {text}"
    )


def connect(
    portal: Portal,
    *,
    need_token: bool = True,
    strict: bool = True,
    url: str | None = None,
    retry: RetryPolicy | None = None,
) -> Ckan:
    """A client for the portal `access.resolve` chooses (--portal-url > $CKAN_URL > portal.url).

    `need_token`: no token is a could-not-run error. `strict`: a token bound to another host is
    one too (plan, sync); otherwise (licences, the report's read) the portal is read anonymously.
    """
    access = access_lib.resolve(portal, url=url)
    token = access.token
    if need_token or (strict and access.refused):
        token = access_lib.require(access, portal)
    return Ckan(access.url, token, timeout=portal.timeout, retry=retry)
