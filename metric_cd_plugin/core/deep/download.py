"""Fetch one file over HTTPS into a folder, verified: it arrives in a temporary file beside
the target, hashed on the way, and is renamed into place only when its size and SHA-256
are right. A failed, cancelled or wrong download leaves nothing behind."""
import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Any, Callable, Dict, Optional, Tuple

from ..errors import Cancelled, WeightsError

CHUNK = 1 << 20


def sha256_of(path: str, cancel: Optional[Callable[[], bool]] = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            if cancel is not None and cancel():
                raise Cancelled()
            digest.update(chunk)
    return digest.hexdigest()


def check_url(url: str, allow_insecure_localhost: bool = False) -> None:
    """HTTPS only; plain HTTP to 127.0.0.1 only when a test asks for it explicitly."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        return
    if allow_insecure_localhost and parts.scheme == "http" and parts.hostname == "127.0.0.1":
        return
    raise WeightsError(f"Refusing to download '{url}': only HTTPS addresses are used.")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Every redirect hop passes check_url too: HTTPS may not hand over to plain HTTP."""

    def __init__(self, allow_insecure_localhost: bool):
        super().__init__()
        self.allow_insecure_localhost = allow_insecure_localhost

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: http.client.HTTPMessage, newurl: str) -> Optional[urllib.request.Request]:
        try:
            check_url(urllib.parse.urljoin(req.full_url, newurl), self.allow_insecure_localhost)
        except WeightsError:
            raise WeightsError(f"Refusing the redirect from {req.full_url} to '{newurl}': only HTTPS "
                               "addresses are used, at every hop.") from None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def open_url(url: str, timeout: float, allow_insecure_localhost: bool = False,
             headers: Optional[Dict[str, str]] = None) -> Any:
    """The response to a GET of url (checked by check_url, every redirect too)."""
    check_url(url, allow_insecure_localhost)
    opener = urllib.request.build_opener(_CheckedRedirects(allow_insecure_localhost))
    # B310 waived: url passed check_url (HTTPS only, every redirect too); what comes back is
    # kept only when verified (SHA-256, or CRC-32 and sizes for ranges)
    return opener.open(urllib.request.Request(url, headers=headers or {}), timeout=timeout)  # nosec B310


def failure(exc: BaseException, url: str) -> WeightsError:
    """The one-line error for a request that failed (HTTP error, no network)."""
    if isinstance(exc, urllib.error.HTTPError):
        return WeightsError(f"Downloading {url} failed: the server answered {exc.code} {exc.reason}.",
                            "download_refused", url=url, answer=f"{exc.code} {exc.reason}")
    reason = getattr(exc, "reason", None) or exc
    return WeightsError(f"Could not download {url} ({reason}); is this computer offline?",
                        "download_offline", url=url, error=str(reason))


NETWORK_ERRORS = (urllib.error.URLError, OSError, http.client.HTTPException)


def _fetch(url: str, stream: IO[bytes], size: Optional[int], progress: Optional[Callable[[float], None]],
           cancel: Optional[Callable[[], bool]], timeout: float,
           allow_insecure_localhost: bool = False) -> Tuple[int, str, Optional[int]]:
    """Copy the response body into stream; return (bytes received, sha256, bytes announced)."""
    with open_url(url, timeout, allow_insecure_localhost) as response:
        announced = int(response.headers.get("Content-Length") or 0) or None
        total = announced or size
        digest, received = hashlib.sha256(), 0
        while True:
            if cancel is not None and cancel():
                raise Cancelled()
            chunk = response.read(CHUNK)  # b"" at the end, also when the server stopped early
            if not chunk:
                return received, digest.hexdigest(), announced
            stream.write(chunk)
            digest.update(chunk)
            received += len(chunk)
            if progress is not None and total:
                progress(min(received / total, 1.0))


def download_verified(url: str, destination: str, sha256: str, size: Optional[int] = None,
                      progress: Optional[Callable[[float], None]] = None,
                      cancel: Optional[Callable[[], bool]] = None, allow_insecure_localhost: bool = False,
                      timeout: float = 60.0) -> str:
    """Download url to destination if its SHA-256 is `sha256` (and its size `size`, when
    given). progress gets the fraction done."""
    check_url(url, allow_insecure_localhost)
    folder = os.path.dirname(os.path.abspath(destination))
    os.makedirs(folder, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix="." + os.path.basename(destination) + ".", suffix=".part",
                                       dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            try:
                received, digest, announced = _fetch(url, stream, size, progress, cancel, timeout,
                                                     allow_insecure_localhost)
            except NETWORK_ERRORS as exc:  # HTTPError is one
                raise failure(exc, url) from None
        expected = announced or size
        if expected and received != expected:
            raise WeightsError(f"The download of {url} stopped after {received} of {expected} bytes; "
                               "nothing was kept. Try again.")
        if digest != sha256:
            raise WeightsError(f"The file downloaded from {url} does not have the published checksum "
                               f"(SHA-256 {digest[:16]}..., expected {sha256[:16]}...); it was discarded. "
                               "Try again.")
        os.replace(partial, destination)
        return destination
    except BaseException:
        if os.path.exists(partial):
            os.unlink(partial)
        raise
