"""Render TipPortal's nginx site from the settings, so the proxy and Django cannot drift apart.

The body-size limits come from the upload limits, the media allow-list from
`media.storage.PUBLIC_MEDIA`, the paths from STATIC_ROOT and MEDIA_ROOT, the session cookie's name
from SESSION_COOKIE_NAME. Run it with the same environment the services use:

    set -a; . /etc/tipportal/env; set +a
    .venv/bin/python deploy/nginx_site.py --server-name tips.example.gov > /etc/nginx/sites-available/tipportal

`--no-tls` serves plain HTTP (the first step before certbot, and tests); `--standalone` wraps the
site in a whole nginx.conf whose every path is under `--prefix`, for `nginx -p <prefix> -c <conf>`
run by an ordinary user (the tests and bench/proxy.py). deploy/README.md walks through it.
"""

import argparse
import math
import os
import pwd
import re
import subprocess
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
TEMPLATE = DEPLOY / "nginx" / "tipportal.conf.in"
MIB = 1024 * 1024
# Room for a form's text fields and the multipart framing beside its files.
FORM_MARGIN_MB = 1
# The case admin saves one video and the still inline's three empty slots (cases/admin.py) at once.
ADMIN_STILL_SLOTS = 3


def body_limits(settings) -> dict[str, int]:
    """The largest request body, in MB, for public forms, the tip line and the admin."""
    fields = math.ceil(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / MIB)
    tip_file = max(settings.TIP_MAX_IMAGE_MB, settings.TIP_MAX_VIDEO_MB)
    return {
        "default": fields + FORM_MARGIN_MB,
        "tips": settings.TIP_MAX_FILES * tip_file + fields + FORM_MARGIN_MB,
        "admin": (
            settings.MAX_VIDEO_UPLOAD_MB + ADMIN_STILL_SLOTS * settings.MAX_IMAGE_UPLOAD_MB + fields + FORM_MARGIN_MB
        ),
    }


def nginx_version() -> tuple[int, ...] | None:
    try:
        result = subprocess.run(["nginx", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    except OSError:
        return None
    found = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", result.stderr)
    return tuple(int(part) for part in found.groups()) if found else None


def listen_lines(*, tls: bool, listen: str | None, version: tuple[int, ...] | None) -> str:
    if not tls:
        addresses = [listen] if listen else ["80", "[::]:80"]
        return "\n".join(f"    listen {address};" for address in addresses)
    addresses = [listen] if listen else ["443", "[::]:443"]
    # nginx 1.25.1 and later switch HTTP/2 on with its own directive; older ones on `listen`.
    new_http2 = version is not None and version >= (1, 25, 1)
    lines = [f"    listen {address} ssl{'' if new_http2 else ' http2'};" for address in addresses]
    if new_http2:
        lines.append("    http2 on;")
    return "\n".join(lines)


def tls_lines(certificate: str, key: str) -> str:
    return f"""
    ssl_certificate {certificate};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:tipportal_tls:10m;
    ssl_session_timeout 1d;
    ssl_session_tickets off;"""


def redirect_server(server_name: str, acme_root: str, log_dir: str) -> str:
    """Port 80: certbot's challenges, and a redirect to HTTPS for everything else."""
    return f"""
server {{
    listen 80;
    listen [::]:80;
    server_name {server_name};
    server_tokens off;
    access_log {log_dir}/tipportal.access.log tipportal;
    error_log {log_dir}/tipportal.error.log crit;
    location ^~ /.well-known/acme-challenge/ {{
        root {acme_root};
    }}
    location / {{
        return 301 https://$host$request_uri;
    }}
}}
"""


def acme_location(acme_root: str) -> str:
    return f"""
    # certbot's webroot challenges (deploy/README.md, "The certificate").
    location ^~ /.well-known/acme-challenge/ {{
        root {acme_root};
    }}"""


def render(settings, args: argparse.Namespace) -> str:
    """The site (or, with `standalone`, a whole nginx.conf) for these settings and options."""
    from media.storage import PUBLIC_MEDIA

    limits = body_limits(settings)
    media_url = settings.MEDIA_URL
    if "://" in media_url:
        # Media on another domain (a bucket or CDN): nothing under this site's /media/ answers.
        media_url = "/media/"
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    tls = not args.no_tls
    version = nginx_version()
    listen = listen_lines(tls=tls, listen=args.listen, version=version)
    if tls:
        certificate = args.certificate or f"/etc/letsencrypt/live/{args.server_name}/fullchain.pem"
        key = args.certificate_key or f"/etc/letsencrypt/live/{args.server_name}/privkey.pem"
        listen += tls_lines(certificate, key)
    else:
        listen += acme_location(args.acme_root)
    values = {
        "SUMMARY": (
            f"body limits {limits['default']}m / tips {limits['tips']}m / admin {limits['admin']}m; "
            f"{'TLS' if tls else 'plain HTTP'}; upstream {args.upstream}"
        ),
        "CACHE_DIR": args.cache_dir,
        "SESSION_COOKIE": re.escape(settings.SESSION_COOKIE_NAME),
        "UPSTREAM": args.upstream,
        "REDIRECT_SERVER": redirect_server(args.server_name, args.acme_root, args.log_dir) if tls else "",
        "LISTEN": listen,
        "SERVER_NAME": args.server_name,
        "LOG_DIR": args.log_dir,
        "BODY_DEFAULT": f"{limits['default']}m",
        "BODY_TIPS": f"{limits['tips']}m",
        "BODY_ADMIN": f"{limits['admin']}m",
        "ERROR_PAGES": str(DEPLOY / "nginx" / "errors"),
        "STATIC_URL": "/" + settings.STATIC_URL.strip("/") + "/",
        "STATIC_ROOT": str(Path(settings.STATIC_ROOT).resolve()),
        "MEDIA_URL": "/" + media_url.strip("/") + "/",
        "MEDIA_ROOT": str(Path(settings.MEDIA_ROOT).resolve()),
        "PUBLIC_MEDIA": PUBLIC_MEDIA,
        "ADMIN_PREFIX": "/admin/",
        "LANGUAGES": languages,
    }
    site = TEMPLATE.read_text()
    for name, value in values.items():
        site = site.replace(f"@@{name}@@", value)
    leftover = re.search(r"@@\w+@@", site)
    if leftover:
        raise SystemExit(f"the template names {leftover.group(0)}, which nginx_site.py does not fill in")
    if not args.standalone:
        return site
    return standalone(site, args.prefix)


def standalone(site: str, prefix: str) -> str:
    """A whole nginx.conf around `site` that an ordinary user can run: every path under `prefix`."""
    indented = "\n".join(f"    {line}" if line else "" for line in site.splitlines())
    # Run by root (a CI container), nginx would hand its workers to `nobody`, who may not read
    # the temporary folders; an ordinary user's workers stay that user (the directive is ignored).
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    return f"""# A whole nginx.conf for `nginx -p {prefix} -c <this file>` (tests and benches).
daemon off;
{user}worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log crit;

events {{
    worker_connections 1024;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    access_log off;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;

{indented}
}}
"""


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-name", default="", help="the site's host name (tips.example.gov)")
    parser.add_argument("--upstream", default=os.environ.get("GUNICORN_BIND", "127.0.0.1:8000"), help="gunicorn")
    parser.add_argument("--no-tls", action="store_true", help="plain HTTP only (before certbot; tests)")
    parser.add_argument("--listen", help="address:port to listen on (default 443 with TLS, else 80)")
    parser.add_argument("--certificate", help="default: /etc/letsencrypt/live/<server name>/fullchain.pem")
    parser.add_argument("--certificate-key", help="default: /etc/letsencrypt/live/<server name>/privkey.pem")
    parser.add_argument("--acme-root", default="/var/www/letsencrypt", help="certbot's --webroot folder")
    parser.add_argument("--cache-dir", default="/var/cache/nginx/tipportal", help="the micro-cache's folder")
    parser.add_argument("--log-dir", default="/var/log/nginx", help="where the site's two logs go")
    parser.add_argument("--standalone", action="store_true", help="a whole nginx.conf (with --prefix)")
    parser.add_argument("--prefix", help="with --standalone: the folder for pid, temp files and logs")
    parser.add_argument("--output", help="write here instead of standard output")
    args = parser.parse_args(argv)
    if not args.server_name and not args.no_tls:
        parser.error("--server-name is required with TLS (the certificate is named after it)")
    args.server_name = args.server_name or "_"
    if args.standalone and not args.prefix:
        parser.error("--standalone needs --prefix")
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipportal.settings")
    import django
    from django.conf import settings

    django.setup()
    text = render(settings, args)
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
