"""A real HTTPS server on 127.0.0.1 for the weights tests and bench: a self-signed certificate
made here (clients trust it through SSL_CERT_FILE, as they would a site's own CA), files
served by ranges as a CDN does, or with ranges refused (200 and the whole file), or with
each large part cut short; it counts the body bytes it sends."""
import datetime
import http.server
import ipaddress
import os
import re
import ssl
import threading

RANGE = re.compile(r"bytes=(\d+)-(\d+)$")


def self_signed(folder) -> tuple:
    """(certificate, key) paths of a certificate for 127.0.0.1, made with `cryptography`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    with open(cert_path, "wb") as stream:
        stream.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as stream:
        stream.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return cert_path, key_path


class RangeServer:
    """files: {url path: bytes}; mode: 'ranges', 'refuse' or 'truncate'; sent: body bytes sent;
    requests: (path, Range header or None) of each GET."""

    def __init__(self, folder):
        self.files, self.mode, self.sent, self.requests = {}, "ranges", 0, []
        self.cert, key = self_signed(str(folder))
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server API)
                wanted = self.headers.get("Range")
                server.requests.append((self.path, wanted))
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                match = RANGE.match(wanted or "")
                if match is None or server.mode == "refuse":
                    self._send(200, body, {})
                    return
                first, last = int(match.group(1)), min(int(match.group(2)), len(body) - 1)
                part = body[first:last + 1]
                headers = {"Content-Range": f"bytes {first}-{last}/{len(body)}"}
                if server.mode == "truncate" and len(part) > 1 << 16:
                    headers["Content-Length"] = str(len(part))  # announced whole, sent half
                    part = part[:len(part) // 2]
                self._send(206, part, headers)

            def _send(self, status, body, headers):
                self.send_response(status)
                self.send_header("Content-Length", headers.pop("Content-Length", str(len(body))))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    for start in range(0, len(body), 1 << 20):
                        self.wfile.write(body[start:start + (1 << 20)])
                        server.sent += len(body[start:start + (1 << 20)])
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass  # the client stopped reading (ranges refused: it never wanted the whole file)
                self.close_connection = True

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client hanging up mid-body is expected here

        self.httpd = Server(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
