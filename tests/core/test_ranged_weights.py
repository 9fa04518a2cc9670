"""A first 'imagenet' run fetches only the D-FE's tensors by HTTP range requests, from a real
HTTPS server on 127.0.0.1 serving a checkpoint laid out like torchvision's VGG16 file (every
key, the real shapes of features.0-21 (30 MB), small stand-ins for the rest; the zip layout of torch
>= 1.6 and the legacy one of 2017): ranges honoured, refused (the whole file, verified),
parts cut short, a tensor tampered with, another file, and the cache altered since."""
import hashlib
import io
import os
import pickle

import pytest
import torch

from https_server import RangeServer
from metric_cd_plugin.core.deep import feature_cache, weights
from metric_cd_plugin.core.deep.checkpoint import Checkpoint, LayoutError, tensors_sha256
from metric_cd_plugin.core.deep.networks import load_vgg16
from metric_cd_plugin.core.errors import WeightsError

CONVS = [0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28]
LAYOUTS = ["zip", "legacy"]


CONV4 = {17: 256, 19: 512, 21: 512}  # input channels of the level the D-FE no longer reads


def vgg16_like(seed=0):
    """Every key of torchvision's vgg16 state dict, in its order; real shapes up to features.21."""
    # torchvision's file holds contiguous tensors; the plugin's D-FE stores its weights channels-last
    real = {name: t.contiguous() for name, t in load_vgg16("random", seed).state_dict().items()}
    state, gen = {}, torch.Generator().manual_seed(seed)
    for index in CONVS:
        out, inp = (512, CONV4[index]) if index in CONV4 else (4, 4)
        for kind, shape in (("weight", (out, inp, 3, 3)), ("bias", (out,))):
            name = f"features.{index}.{kind}"
            state[name] = real.get(name, torch.randn(shape, generator=gen))
    for index in (0, 3, 6):
        state[f"classifier.{index}.weight"] = torch.randn(8, 8, generator=gen)
        state[f"classifier.{index}.bias"] = torch.randn(8, generator=gen)
    return state


def checkpoint_bytes(state, layout):
    stream = io.BytesIO()
    torch.save(state, stream, _use_new_zipfile_serialization=layout == "zip")
    return stream.getvalue()


def features_of(state):
    return {name: state[name] for name in feature_cache.feature_shapes()}


@pytest.fixture()
def server(tmp_path, monkeypatch):
    with RangeServer(tmp_path) as served:
        monkeypatch.setenv("SSL_CERT_FILE", served.cert)  # the client trusts this test's certificate
        yield served


def serve(server, data, path="/models/vgg16-test.pth", **pins):
    server.files[path] = data
    return weights.WeightsSource(server.url(path), os.path.basename(path), hashlib.sha256(data).hexdigest(),
                                 len(data), **pins)


def resolve(source, tmp_path, choice="imagenet", progress=None):
    return weights.resolve_weights(choice, str(tmp_path / "cache"), progress, source=source,
                                   hub_dir=str(tmp_path / "empty_hub"))


def cache_files(tmp_path):
    folder = tmp_path / "cache"
    return sorted(os.listdir(folder)) if folder.is_dir() else []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_only_the_feature_layers_are_fetched_by_ranges(server, tmp_path, layout):
    state = vgg16_like()
    data = checkpoint_bytes(state, layout)
    source = serve(server, data)
    texts = []
    resolved = resolve(source, tmp_path, progress=lambda p, text: texts.append(text))
    assert resolved.used == "imagenet" and resolved.note == ""
    assert all(wanted is not None for _, wanted in server.requests)  # never the whole file
    # the 6.6 MiB of tensors and at most a few 64 KiB blocks of index, of a file that is larger
    assert feature_cache.FEATURE_BYTES < server.sent < feature_cache.FEATURE_BYTES + 10 * (1 << 16) < len(data)
    kept = torch.load(resolved.path, weights_only=True)
    assert sorted(kept) == sorted(feature_cache.feature_shapes())
    assert all(torch.equal(kept[name], state[name]) for name in kept)
    assert feature_cache.recorded_sha256(resolved.path) == tensors_sha256(features_of(state))
    assert cache_files(tmp_path) == [f"vgg16_features-{source.sha256[:8]}.{ext}" for ext in ("json", "pth")]
    assert any(t.startswith("Downloading the ImageNet VGG16 feature layers (7 MB, once)") for t in texts)
    requests = len(server.requests)
    assert resolve(source, tmp_path).path == resolved.path and len(server.requests) == requests  # cached


def test_a_server_refusing_ranges_sends_the_whole_file_verified(server, tmp_path):
    server.mode = "refuse"
    state = vgg16_like()
    source = serve(server, checkpoint_bytes(state, "zip"))
    resolved = resolve(source, tmp_path)
    assert [wanted is None for _, wanted in server.requests] == [False, True]  # one try, then the whole file
    kept = torch.load(resolved.path, weights_only=True)
    assert all(torch.equal(kept[name], state[name]) for name in feature_cache.feature_shapes())
    assert len(cache_files(tmp_path)) == 2  # the 528 MB original is not kept


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parts_cut_short_leave_nothing(server, tmp_path, layout):
    server.mode = "truncate"
    source = serve(server, checkpoint_bytes(vgg16_like(), layout))
    with pytest.raises(WeightsError, match=r"stopped after \d+ of \d+ bytes of a part; nothing was kept"):
        resolve(source, tmp_path)
    assert cache_files(tmp_path) == []
    fallback = resolve(source, tmp_path, choice="auto")  # the default goes on with random weights
    assert fallback.used == "random" and "stopped after" in fallback.note and cache_files(tmp_path) == []


def tampered(data, state, name):
    """The file with one value of tensor `name` changed in place (same size)."""
    needle = state[name].flatten()[:8].numpy().tobytes()
    at = data.index(needle)
    return data[:at] + bytes([data[at] ^ 0x40]) + data[at + 1:]


def test_a_tampered_tensor_is_refused_by_the_zip_crc(server, tmp_path):
    state = vgg16_like()
    genuine = checkpoint_bytes(state, "zip")
    source = serve(server, tampered(genuine, state, "features.10.weight"))
    with pytest.raises(WeightsError, match="arrived damaged .*CRC"):
        resolve(source, tmp_path)
    assert cache_files(tmp_path) == []


def test_a_tampered_tensor_is_refused_by_the_pinned_digest(server, tmp_path):
    """The legacy layout has no CRC: the pinned SHA-256 of the D-FE tensors catches it."""
    state = vgg16_like()
    pin = tensors_sha256(features_of(state))
    genuine = checkpoint_bytes(state, "legacy")
    source = serve(server, tampered(genuine, state, "features.10.weight"), features_sha256=pin)
    with pytest.raises(WeightsError, match="do not have the published SHA-256"):
        resolve(source, tmp_path)
    assert cache_files(tmp_path) == []
    source = serve(server, genuine, features_sha256=pin)
    assert resolve(source, tmp_path).used == "imagenet"


def test_another_file_is_refused_by_its_size(server, tmp_path):
    data = checkpoint_bytes(vgg16_like(), "zip")
    source = serve(server, data)
    server.files["/models/vgg16-test.pth"] = checkpoint_bytes(vgg16_like(seed=1), "zip")[:-1] + b"\0\0"
    with pytest.raises(WeightsError, match=r"is \d+ bytes, not the \d+ of the published file"):
        resolve(source, tmp_path)
    assert cache_files(tmp_path) == []


def test_a_cache_altered_since_is_fetched_again(server, tmp_path):
    state = vgg16_like()
    source = serve(server, checkpoint_bytes(state, "legacy"))
    path = resolve(source, tmp_path).path
    altered = torch.load(path, weights_only=True)
    altered["features.0.bias"] += 1.0
    torch.save(altered, path)
    before = len(server.requests)
    assert resolve(source, tmp_path).path == path and len(server.requests) > before  # fetched again
    assert torch.equal(torch.load(path, weights_only=True)["features.0.bias"], state["features.0.bias"])


class Runs:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_index_reader_never_runs_code_from_the_file(layout):
    stream = io.BytesIO()
    torch.save({"features.0.weight": torch.zeros(1), "x": Runs()}, stream,
               _use_new_zipfile_serialization=layout == "zip", pickle_module=pickle)
    stream.seek(0)
    with pytest.raises(LayoutError, match="posix.system is not part of a plain state dict"):
        Checkpoint(stream)


def test_parameters_and_sizes_as_older_files_pickle_them_are_read():
    weight = torch.randn(4, 3, 3, 3)
    stream = io.BytesIO()
    torch.save({"features.0.weight": torch.nn.Parameter(weight), "size": torch.Size([4, 3])}, stream,
               _use_new_zipfile_serialization=False)
    stream.seek(0)
    checkpoint = Checkpoint(stream)
    assert torch.equal(checkpoint.read("features.0.weight"), weight)
