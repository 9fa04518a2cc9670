"""D-FE weights: verified download from a local HTTP server on 127.0.0.1 (never the real
one), the wrong, truncated, missing and unreachable cases, cancel, reuse of torch's hub
cache, the reduced feature-layer file, and the state-dict checks."""
import hashlib
import http.server
import os
import socket
import threading
from pathlib import Path

import pytest
import torch

from metric_cd_plugin.core.deep import weights
from metric_cd_plugin.core.errors import Cancelled, InputError, WeightsError
from metric_cd_plugin.core.deep.networks import load_vgg16
from metric_cd_plugin.core.deep.weights import WeightsSource, resolve_weights
from metric_cd_plugin.core.deep.weights_notes import weights_text
from metric_cd_plugin.core.deep.download import check_url, download_verified

PAYLOAD = os.urandom(3 * (1 << 20) + 123)  # a few chunks
PAYLOAD_SHA = hashlib.sha256(PAYLOAD).hexdigest()


class FileServer:
    """Serves {path: (body, announced length)} on 127.0.0.1 from a thread; counts requests."""

    def __init__(self):
        self.files, self.requests, self.redirects = {}, [], {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                if self.path in server.redirects:
                    self.send_response(302)
                    self.send_header("Location", server.redirects[self.path])
                    self.end_headers()
                    return
                if self.path not in server.files:
                    self.send_error(404)
                    return
                body, announced = server.files[self.path]
                self.send_response(200)
                self.send_header("Content-Length", str(announced or len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.timeout = 5
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def server():
    served = FileServer()
    served.thread.start()
    yield served
    served.httpd.shutdown()
    served.httpd.server_close()
    served.thread.join(timeout=5)


def closed_port_url():
    with socket.socket() as sock:  # a port nothing listens on: "no network"
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/vgg16.pth"


def leftovers(folder):
    return [name for name in os.listdir(folder) if name.endswith(".part")]


def fetch(server, tmp_path, path, **kw):
    return download_verified(server.url(path), str(tmp_path / "cache" / "file.pth"), PAYLOAD_SHA, len(PAYLOAD),
                             allow_insecure_localhost=True, **kw)


def test_good_download_lands_whole_with_progress(server, tmp_path):
    server.files["/good"] = (PAYLOAD, None)
    seen = []
    dest = fetch(server, tmp_path, "/good", progress=seen.append)
    assert Path(dest).read_bytes() == PAYLOAD and not leftovers(tmp_path / "cache")
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 3


@pytest.mark.parametrize("body, announced, message", [
    (PAYLOAD[:-1] + b"x", None, "does not have the published checksum"),
    (PAYLOAD[: 1 << 20], len(PAYLOAD), f"stopped after {1 << 20} of {len(PAYLOAD)} bytes"),
])
def test_corrupted_or_truncated_download_is_discarded(server, tmp_path, body, announced, message):
    server.files["/bad"] = (body, announced)
    with pytest.raises(WeightsError, match=message) as caught:
        fetch(server, tmp_path, "/bad")
    assert str(caught.value).endswith("Try again.")  # how to get the file by hand: weights.py adds it
    assert os.listdir(tmp_path / "cache") == []


def test_missing_file_and_no_network_say_what_to_do(server, tmp_path):
    with pytest.raises(WeightsError, match="the server answered 404"):
        fetch(server, tmp_path, "/absent")
    offline = closed_port_url()
    with pytest.raises(WeightsError, match=r"Could not download .* is this computer offline\?$") as caught:
        download_verified(offline, str(tmp_path / "cache" / "f.pth"), PAYLOAD_SHA, allow_insecure_localhost=True)
    assert caught.value.code == "download_offline" and caught.value.params["url"] == offline
    assert os.listdir(tmp_path / "cache") == []


def test_a_redirect_to_plain_http_is_refused_at_every_hop(server, tmp_path):
    """Allowed here: plain HTTP to 127.0.0.1 (as HTTPS is allowed to users); a hop to any
    other plain-HTTP address is refused before it is requested."""
    server.files["/good"] = (PAYLOAD, None)
    server.redirects["/moved"] = "/good"  # relative, same server: followed
    assert Path(fetch(server, tmp_path, "/moved")).read_bytes() == PAYLOAD
    port = server.httpd.server_address[1]
    server.redirects["/away"] = f"http://localhost:{port}/good"
    with pytest.raises(WeightsError, match=r"Refusing the redirect .* only HTTPS addresses are used, at every hop"):
        fetch(server, tmp_path, "/away")
    assert "/good" not in server.requests[-1:] and leftovers(tmp_path / "cache") == []


def test_only_https_unless_a_test_allows_plain_http_to_localhost():
    check_url("https://download.pytorch.org/models/vgg16-397923af.pth")
    check_url("http://127.0.0.1:8000/x.pth", allow_insecure_localhost=True)
    for url, allow in (("http://127.0.0.1:8000/x.pth", False), ("http://example.org/x.pth", True),
                       ("ftp://127.0.0.1/x.pth", True)):
        with pytest.raises(WeightsError, match="only HTTPS"):
            check_url(url, allow_insecure_localhost=allow)


def test_cancel_during_download_leaves_nothing(server, tmp_path):
    server.files["/good"] = (PAYLOAD, None)
    seen = []
    with pytest.raises(Cancelled):
        fetch(server, tmp_path, "/good", progress=seen.append, cancel=lambda: bool(seen))
    assert os.listdir(tmp_path / "cache") == []


def source_for(path, url):
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    return WeightsSource(url, f"vgg16-{digest[:8]}.pth", digest, len(data)), data


def test_imagenet_is_downloaded_once_verified_and_reduced_to_feature_layers(server, tmp_path, vgg16_state_file):
    """This server ignores Range (as http.server does): the whole file, verified by SHA-256."""
    source, data = source_for(vgg16_state_file, server.url("/models/vgg16.pth"))
    server.files["/models/vgg16.pth"] = (data, None)
    cache, texts = tmp_path / "cache", []
    resolved = resolve_weights("imagenet", str(cache), lambda p, text: texts.append(text), source=source,
                               hub_dir=str(tmp_path / "empty_hub"), allow_insecure_localhost=True)
    assert resolved.path == str(cache / f"vgg16_features-{source.sha256[:8]}.pth") and resolved.note == ""
    assert sorted(os.listdir(cache)) == [f"vgg16_features-{source.sha256[:8]}.{ext}" for ext in ("json", "pth")]
    downloading = [t for t in texts if t.startswith("Downloading the ImageNet VGG16 weights (")]
    assert downloading and downloading[-1].endswith(": 100 %")  # the size, then the share done
    assert "the server sends no parts" in downloading[-1]
    kept = torch.load(resolved.path, weights_only=True)
    assert sorted(kept) == sorted(load_vgg16("random", 0).state_dict()) and "classifier.6.bias" not in kept
    original = torch.load(vgg16_state_file, weights_only=True)
    net = load_vgg16(resolved.path, 0)
    assert torch.equal(net.state_dict()["features.14.weight"], original["features.14.weight"])
    again = resolve_weights("imagenet", str(cache), source=source, hub_dir=str(tmp_path / "empty_hub"),
                            allow_insecure_localhost=True)
    # the range request answered 200 (its body not read), then the whole file; none the second time
    assert again.path == resolved.path and server.requests == ["/models/vgg16.pth"] * 2


def test_torch_hub_copy_is_reused_without_download_and_kept(tmp_path, monkeypatch, vgg16_state_file):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch_home"))  # torch.hub.get_dir() follows it
    source, data = source_for(vgg16_state_file, closed_port_url())  # any download attempt would fail
    hub_copy = tmp_path / "torch_home" / "hub" / "checkpoints" / source.filename
    hub_copy.parent.mkdir(parents=True)
    hub_copy.write_bytes(data)
    resolved = resolve_weights("imagenet", str(tmp_path / "cache"), source=source, allow_insecure_localhost=True)
    assert os.path.isfile(resolved.path) and hub_copy.read_bytes() == data


def test_wrong_copies_are_never_used(tmp_path, vgg16_state_file):
    source, data = source_for(vgg16_state_file, closed_port_url())
    hub = tmp_path / "hub" / "checkpoints"
    hub.mkdir(parents=True)
    (hub / source.filename).write_bytes(data[:-10])          # the user's: left alone
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / source.filename).write_bytes(b"x")  # ours: removed
    with pytest.raises(WeightsError, match="offline.*choose it with the VGG16 weights file setting") as caught:
        resolve_weights("imagenet", str(tmp_path / "cache"), source=source, hub_dir=str(tmp_path / "hub"),
                        allow_insecure_localhost=True)
    failed = caught.value  # coded: each front end words it, naming its own controls
    assert (failed.code, failed.params["cause"]) == ("weights_download_failed", "download_offline")
    assert failed.params["rejected"] == [str(tmp_path / "cache" / source.filename), str(hub / source.filename)]
    assert "--weights" not in str(failed)
    assert os.listdir(tmp_path / "cache") == [] and (hub / source.filename).is_file()


def test_verified_file_that_is_no_vgg16_is_not_kept(server, tmp_path):
    tiny = tmp_path / "tiny.pth"
    torch.save({"conv.weight": torch.zeros(2, 3, 3, 3)}, tiny)
    source, data = source_for(tiny, server.url("/tiny.pth"))
    server.files["/tiny.pth"] = (data, None)
    with pytest.raises(WeightsError, match="does not hold VGG16 feature layers"):
        resolve_weights("imagenet", str(tmp_path / "cache"), source=source, hub_dir=str(tmp_path / "hub"),
                        allow_insecure_localhost=True)
    assert os.listdir(tmp_path / "cache") == []


def test_the_feature_bytes_said_are_those_of_the_network():
    from metric_cd_plugin.core.deep.feature_cache import FEATURE_BYTES
    state = load_vgg16("random", 0).state_dict()
    assert FEATURE_BYTES == sum(t.numel() * t.element_size() for t in state.values())
    assert weights.download_size_text() == "7 MB"


def test_random_and_file_choices(tmp_path):
    assert resolve_weights("random") == weights.ResolvedWeights("random", weights.RANDOM_NOTE, "random")
    assert weights.RANDOM_NOTE.code == "weights_random" and "Choose the ImageNet weights" in weights.RANDOM_NOTE
    with pytest.raises(WeightsError, match="does not exist; choose the ImageNet weights, random weights") as caught:
        resolve_weights(str(tmp_path / "absent.pth"))
    assert (caught.value.code, caught.value.params) == ("weights_file_missing", {"path": str(tmp_path / "absent.pth")})
    wrong, garbage = tmp_path / "wrong.pth", tmp_path / "garbage.pth"
    torch.save({"features.0.weight": torch.zeros(8, 3, 3, 3)}, wrong)   # mis-shaped
    garbage.write_bytes(b"not a pickle")
    assert resolve_weights(str(wrong)).path == str(wrong)  # load_vgg16 checks keys and shapes
    with pytest.raises(InputError, match="is not a VGG16 state dict"):
        load_vgg16(str(wrong), 0)
    with pytest.raises(InputError, match="is not a readable PyTorch state dict"):
        load_vgg16(str(garbage), 0)


def test_the_imagenet_source_is_torchvision_s_file():
    source = weights.IMAGENET_VGG16
    assert source.url == "https://download.pytorch.org/models/vgg16-397923af.pth"
    assert source.sha256.startswith("397923af") and len(source.sha256) == 64  # the name's prefix
    assert weights.features_path("/c") == os.path.join("/c", "vgg16_features-397923af.pth")


def test_auto_takes_imagenet_when_it_can_and_random_weights_with_a_warning_when_not(tmp_path, vgg16_state_file):
    source, data = source_for(vgg16_state_file, closed_port_url())  # offline
    cache, hub = tmp_path / "cache", tmp_path / "hub"
    fallback = resolve_weights("auto", str(cache), source=source, hub_dir=str(hub), allow_insecure_localhost=True)
    assert (fallback.path, fallback.used, fallback.fallback) == ("random", "random", True)
    assert fallback.note.startswith("Could not download") and "Seeded random VGG16 weights were used" in fallback.note
    assert "choose it with the VGG16 weights file setting" in fallback.note and str(cache) in fallback.note
    assert (fallback.note.code, fallback.note.params["cause"]) == ("weights_fallback", "download_offline")
    assert fallback.note.params["cache_dir"] == str(cache) and "--weights" not in fallback.note
    with pytest.raises(WeightsError, match="offline"):  # asked for by name, imagenet still fails
        resolve_weights("imagenet", str(cache), source=source, hub_dir=str(hub), allow_insecure_localhost=True)
    (hub / "checkpoints").mkdir(parents=True)
    (hub / "checkpoints" / source.filename).write_bytes(data)  # a verified copy on this computer
    assert weights.will_download("auto", str(cache), source, str(hub)) is False
    found = resolve_weights("auto", str(cache), source=source, hub_dir=str(hub), allow_insecure_localhost=True)
    assert (found.used, found.note, found.fallback) == ("imagenet", "", False) and os.path.isfile(found.path)
    names = {"imagenet": "ImageNet", "random": "Seeded random", "file": "Pretrained file"}  # a front end's
    worded = weights_text(fallback.note.code, fallback.note.params, names)
    assert "choose it with Pretrained file" in worded and worded.startswith("Could not download")


def test_the_download_address_can_be_a_mirror(monkeypatch):
    monkeypatch.setenv(weights.URL_VARIABLE, "https://mirror.example/vgg16-397923af.pth")
    mirror = weights.imagenet_source()
    assert mirror.url == "https://mirror.example/vgg16-397923af.pth"
    assert (mirror.sha256, mirror.size) == (weights.IMAGENET_VGG16.sha256, weights.IMAGENET_VGG16.size)


def test_a_cache_folder_that_cannot_be_created_is_named_with_the_reason(tmp_path):
    # a file where a folder of the cache path should be: no download is tried, nothing is written
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    with pytest.raises(WeightsError, match="cannot be created") as err:
        weights.resolve_weights("imagenet", str(blocker / "cache"), hub_dir=str(tmp_path / "hub"))
    assert err.value.code == "weights_folder"
    assert err.value.params["folder"] == str(blocker / "cache") and err.value.params["reason"]
    assert sorted(os.listdir(tmp_path)) == ["not_a_folder"]
