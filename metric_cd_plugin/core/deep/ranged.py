"""Some tensors of a checkpoint on an HTTPS server, fetched by HTTP range requests: the
file's index (checkpoint.py) and the needed tensors' bytes, not the whole file.

RemoteFile is a seekable read-only file over one address: small reads (the pickles, the zip
directory) are served from 64 KiB blocks fetched once, large ones (a tensor) are fetched as
they are. Each answer must be 206 with exactly the range asked and the file size of the
first answer; a server that answers 200 (it ignores ranges) raises RangesRefused before its
body is read, so the caller can fetch the whole file instead."""
import re
import zipfile
from typing import Any, BinaryIO, Callable, Dict, List, Optional, Tuple, cast

from ..errors import Cancelled, WeightsError
from .checkpoint import LayoutError, read_tensors
from .download import NETWORK_ERRORS, failure, open_url

BLOCK = 1 << 16
UNKNOWN = -1  # the file's size before the first answer
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)$")


class RangesRefused(Exception):
    """The server does not serve parts of the file, or the file is not one read part by part."""


class RemoteFile:
    def __init__(self, url: str, timeout: float = 60.0, allow_insecure_localhost: bool = False,
                 cancel: Optional[Callable[[], bool]] = None):
        self.url, self.timeout, self.allow_insecure_localhost = url, timeout, allow_insecure_localhost
        self.cancel = cancel
        self.position, self.size, self.received, self.requests = 0, UNKNOWN, 0, 0
        self.blocks: Dict[int, bytes] = {}
        self._block(0)  # the first answer gives the file's size

    # ---- what zipfile and pickle use ------------------------------------------------------
    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = max(0, offset + (0, self.position, self.size)[whence])
        return self.position

    def tell(self) -> int:
        return self.position

    def read(self, n: int = -1) -> bytes:
        end = self.size if n is None or n < 0 else min(self.size, self.position + n)
        if end <= self.position:
            return b""
        if end - self.position >= BLOCK:  # a tensor: fetched as it is, not kept
            data = self._get(self.position, end)
        else:
            first, last = self.position // BLOCK, (end - 1) // BLOCK
            data = b"".join(self._block(i) for i in range(first, last + 1))
            data = data[self.position - first * BLOCK:end - first * BLOCK]
        self.position = end
        return data

    def readline(self, limit: int = -1) -> bytes:  # pickle's GLOBAL opcode reads lines
        line = b""
        while not line.endswith(b"\n") and (limit < 0 or len(line) < limit):
            byte = self.read(1)
            if not byte:
                break
            line += byte
        return line

    # ---- HTTP --------------------------------------------------------------------------------
    def _block(self, index: int) -> bytes:
        if index not in self.blocks:
            start = index * BLOCK
            self.blocks[index] = self._get(start, start + BLOCK if self.size == UNKNOWN else min(self.size,
                                                                                                 start + BLOCK))
        return self.blocks[index]

    def _get(self, start: int, end: int) -> bytes:
        if self.cancel is not None and self.cancel():
            raise Cancelled()
        self.requests += 1
        try:
            with open_url(self.url, self.timeout, self.allow_insecure_localhost,
                          {"Range": f"bytes={start}-{end - 1}", "Accept-Encoding": "identity"}) as response:
                if response.status != 206:  # the whole file would follow: not read
                    raise RangesRefused(f"the server answered {response.status} to a range request")
                match = _CONTENT_RANGE.match(response.headers.get("Content-Range", "").strip())
                if match is None:
                    raise RangesRefused("no usable Content-Range")
                first, last, size = map(int, match.groups())
                if self.size == UNKNOWN:
                    self.size, end = size, min(end, size)
                if (first, last + 1, size) != (start, end, self.size):
                    raise WeightsError(f"The server sent bytes {first}-{last} of {size} of {self.url} when asked "
                                       f"for {start}-{end - 1} of {self.size}; nothing was kept. Try again.")
                data = self._body(response, end - start)
        except NETWORK_ERRORS as exc:
            raise failure(exc, self.url) from None
        if len(data) != end - start:
            raise WeightsError(f"The download of {self.url} stopped after {len(data)} of {end - start} bytes of a "
                               "part; nothing was kept. Try again.")
        return data

    def _body(self, response: Any, length: int) -> bytes:
        parts: List[bytes] = []
        got = 0
        while got < length:
            if self.cancel is not None and self.cancel():
                raise Cancelled()
            chunk = response.read(min(1 << 20, length - got))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
            self.received += len(chunk)
        return b"".join(parts)


def fetch_tensors(url: str, shapes: Dict[str, Tuple[int, ...]], size: Optional[int] = None,
                  progress: Optional[Callable[[float], None]] = None, cancel: Optional[Callable[[], bool]] = None,
                  allow_insecure_localhost: bool = False,
                  timeout: float = 60.0) -> Tuple[Dict[str, Any], int]:
    """({name: tensor}, bytes received) for the tensors of `shapes` in the checkpoint at url,
    which must be `size` bytes when given. Raises RangesRefused where the server or the file
    does not allow this (the caller downloads the whole file), WeightsError when the file is
    another one or arrives damaged (nothing is kept)."""
    remote = RemoteFile(url, timeout, allow_insecure_localhost, cancel)
    if size is not None and remote.size != size:
        raise WeightsError(f"The file at {url} is {remote.size} bytes, not the {size} of the published file; "
                           "it was not used.")
    try:
        # zipfile and pickle use only what RemoteFile has (read, seek, tell, readline)
        return read_tensors(cast(BinaryIO, remote), shapes, progress), remote.received
    except LayoutError as exc:
        raise RangesRefused(f"the file cannot be read part by part ({exc})") from None
    except KeyError as exc:
        raise WeightsError(f"{url} does not hold the VGG16 feature layer {exc.args[0]}; it was not used.") from None
    except zipfile.BadZipFile as exc:
        raise WeightsError(f"Part of {url} arrived damaged ({exc}); nothing was kept. Try again.") from None
