"""Serve a folder on 127.0.0.1 as the unprivileged user ``nobody``, as nginx or Apache serve a site.

Run as root (tests/test_readable_site.py starts it directly when the tests run as root, through
``sudo -n`` otherwise): it binds a port, enters the folder, gives up root for good, prints the
port and serves until it is stopped. Every file is then opened as ``nobody``, with no group of
the builder's, so only what is readable by everyone is answered with 200 (404 otherwise). Paths
are looked up from the folder itself ("."), never by absolute path, so the folders above it (a
private temporary folder) do not matter, and the folder's own mode does.
"""

from __future__ import annotations

import functools
import mimetypes
import os
import pwd
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main(folder: str) -> None:
    nobody = pwd.getpwnam("nobody")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory="."))
    mimetypes.init()  # read /etc/mime.types while we still may: the handler asks it per file
    os.chdir(folder)
    os.setgroups([])
    os.setgid(nobody.pw_gid)
    os.setuid(nobody.pw_uid)
    if os.getuid() != nobody.pw_uid or os.geteuid() != nobody.pw_uid or 0 in os.getgroups():
        sys.exit("unprivileged_server: could not give up root")
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
