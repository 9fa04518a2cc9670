"""Some tensors of a PyTorch checkpoint, read without reading the rest of the file.

Both layouts torch.save writes are read from a seekable binary file (a local file, or
ranged.RemoteFile reading an HTTPS address by ranges):
- zip (torch >= 1.6): the zip directory at the end of the file, the pickle `data.pkl`, then
  each needed `data/<key>` entry; zipfile checks each entry's CRC-32 from the directory.
- legacy (torch < 1.6, e.g. torchvision's vgg16-397923af.pth of 2017): five pickles at the
  start (magic number, protocol, system info, the object, the storage keys), then each
  storage as an 8-byte element count and its bytes, in key order; a storage's offset is the
  sum of the sizes before it, which the pickles give.
The pickles are read by an unpickler that builds only dicts, tuples, numbers and strings and
stand-ins for tensors and storages: a checkpoint naming anything else is refused, so no
code in the file ever runs."""
import hashlib
import pickle  # nosec B403 # read only by _IndexUnpickler, whose find_class refuses code
import struct
import zipfile
from collections import OrderedDict
from typing import IO, Any, BinaryIO, Callable, Dict, NamedTuple, Optional, Tuple

import torch

LEGACY_MAGIC = 0x1950a86a20f9469cfc6c  # torch.serialization.MAGIC_NUMBER
LEGACY_PROTOCOL = 1001
_STORAGE_DTYPES = {"FloatStorage": torch.float32, "DoubleStorage": torch.float64, "HalfStorage": torch.float16,
                   "BFloat16Storage": torch.bfloat16, "LongStorage": torch.int64, "IntStorage": torch.int32,
                   "ShortStorage": torch.int16, "CharStorage": torch.int8, "ByteStorage": torch.uint8,
                   "BoolStorage": torch.bool}


class LayoutError(Exception):
    """Not a checkpoint this module can read tensor by tensor (the caller reads it whole)."""


class Storage(NamedTuple):
    key: str
    dtype: torch.dtype
    numel: int

    @property
    def nbytes(self) -> int:
        return self.numel * torch.empty(0, dtype=self.dtype).element_size()


class TensorRef(NamedTuple):
    storage: Storage
    offset: int
    size: Tuple[int, ...]
    stride: Tuple[int, ...]


def _tensor_ref(storage: object, offset: int, size: Tuple[int, ...], stride: Tuple[int, ...],
                *_rest: object) -> TensorRef:  # torch._utils._rebuild_tensor(_v2)
    if not isinstance(storage, Storage):
        raise pickle.UnpicklingError("a tensor without a storage")
    return TensorRef(storage, int(offset), tuple(size), tuple(stride))


class _IndexUnpickler(pickle.Unpickler):
    """Tensors become TensorRef, storages Storage; any other class or function is refused."""

    def find_class(self, module: str, name: str) -> Any:  # a class or function the pickle calls
        if (module, name) == ("collections", "OrderedDict"):
            return OrderedDict
        if module == "torch._utils" and name in ("_rebuild_tensor", "_rebuild_tensor_v2"):
            return _tensor_ref
        if (module, name) == ("torch._utils", "_rebuild_parameter"):  # a Parameter: its tensor
            return lambda data, *_rest: data
        if (module, name) == ("torch", "Size"):  # a tuple of ints, in some older files
            return tuple
        if module == "torch" and name in _STORAGE_DTYPES:
            return _STORAGE_DTYPES[name]
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a plain state dict")

    def persistent_load(self, pid: object) -> Storage:
        # zip: ('storage', dtype, key, location, numel); legacy adds a view, never used by state dicts
        if not (isinstance(pid, tuple) and len(pid) in (5, 6) and pid[0] == "storage"
                and isinstance(pid[1], torch.dtype) and (len(pid) == 5 or pid[5] is None)):
            raise pickle.UnpicklingError(f"unexpected persistent id {pid!r:.80}")
        return Storage(str(pid[2]), pid[1], int(pid[4]))


def _unpickle(stream: IO[bytes]) -> Any:  # whatever plain object the pickle holds
    try:
        return _IndexUnpickler(stream, encoding="utf-8").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        raise LayoutError(f"unreadable pickle ({exc})") from None


class Checkpoint:
    """The tensor index of a checkpoint file; read(name) fetches one tensor's bytes."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        head = stream.read(4)
        stream.seek(0)
        self.zip = head == b"PK\x03\x04"
        state = self._zip_index() if self.zip else self._legacy_index()
        self.tensors: Dict[str, TensorRef] = {k: v for k, v in state.items() if isinstance(v, TensorRef)}

    def _zip_index(self) -> Dict[str, object]:
        try:
            self.archive = zipfile.ZipFile(self.stream)
            pickles = [n for n in self.archive.namelist() if n.endswith("data.pkl")]
            if len(pickles) != 1:
                raise LayoutError("no single data.pkl in the zip")
            self.prefix = pickles[0][:-len("data.pkl")]
            order = self.prefix + "byteorder"
            if order in self.archive.namelist() and self.archive.read(order) != b"little":
                raise LayoutError("big-endian tensors")
            with self.archive.open(pickles[0]) as entry:
                return self._state(_unpickle(entry))
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            raise LayoutError(f"unreadable zip ({exc})") from None

    def _legacy_index(self) -> Dict[str, object]:
        if _unpickle(self.stream) != LEGACY_MAGIC or _unpickle(self.stream) != LEGACY_PROTOCOL:
            raise LayoutError("neither a zip nor a legacy torch file")
        info = _unpickle(self.stream)
        if not isinstance(info, dict) or not info.get("little_endian", False):
            raise LayoutError("big-endian tensors")
        state = self._state(_unpickle(self.stream))
        keys = _unpickle(self.stream)
        storages = {t.storage.key: t.storage for t in state.values() if isinstance(t, TensorRef)}
        if not isinstance(keys, list) or sorted(map(str, keys)) != sorted(storages):
            raise LayoutError("storage keys do not match the tensors")
        self.offsets: Dict[str, int] = {}
        position = self.stream.tell()
        for key in map(str, keys):
            self.offsets[key] = position
            position += 8 + storages[key].nbytes
        return state

    @staticmethod
    def _state(obj: object) -> Dict[str, object]:
        state = obj.get("state_dict", obj) if isinstance(obj, dict) else None
        if not isinstance(state, dict):
            raise LayoutError("not a state dict")
        return state

    def _storage_bytes(self, storage: Storage) -> bytes:
        if self.zip:  # zipfile raises BadZipFile when the bytes do not have the directory's CRC-32
            data = self.archive.read(f"{self.prefix}data/{storage.key}")
        else:
            self.stream.seek(self.offsets[storage.key])
            data = self.stream.read(8 + storage.nbytes)  # one read: the element count, then the bytes
            header, data = data[:8], data[8:]
            if len(header) != 8 or struct.unpack("<q", header)[0] != storage.numel:
                data = b""
        if len(data) != storage.nbytes:
            raise zipfile.BadZipFile(f"storage {storage.key} is not where the index says")
        return data

    def read(self, name: str) -> torch.Tensor:
        ref = self.tensors[name]
        flat = torch.frombuffer(bytearray(self._storage_bytes(ref.storage)), dtype=ref.storage.dtype)
        return flat.as_strided(ref.size, ref.stride, ref.offset).clone()


def read_tensors(stream: BinaryIO, shapes: Dict[str, Tuple[int, ...]],
                 done: Optional[Callable[[float], None]] = None) -> Dict[str, torch.Tensor]:
    """{name: tensor} of the float32 tensors named in `shapes`, each of that shape. Raises
    LayoutError for a file this cannot read, KeyError naming a missing or mis-shaped tensor,
    zipfile.BadZipFile when a tensor's bytes are damaged. done(fraction) after each tensor."""
    checkpoint = Checkpoint(stream)
    for name, shape in shapes.items():
        ref = checkpoint.tensors.get(name)
        if ref is None or ref.size != tuple(shape) or ref.storage.dtype != torch.float32:
            raise KeyError(name)
    out = {}
    for i, name in enumerate(shapes):
        out[name] = checkpoint.read(name)
        if done is not None:
            done((i + 1) / len(shapes))
    return out


def tensors_sha256(state: Dict[str, torch.Tensor]) -> str:
    """One SHA-256 of named tensors (names, dtypes, shapes and values), whatever file holds them."""
    digest = hashlib.sha256()
    for name in sorted(state):
        tensor = state[name].detach().contiguous().cpu()
        digest.update(f"{name}|{tensor.dtype}|{tuple(tensor.shape)}|".encode())
        digest.update(tensor.numpy().tobytes() if tensor.dtype != torch.bfloat16 else tensor.view(torch.int16)
                      .numpy().tobytes())
    return digest.hexdigest()
