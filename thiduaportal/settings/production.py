"""Production: everything secret or host-specific must come from the environment."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Never relaxed in production, whatever the environment says.
ADMIN_REQUIRES_TWO_STEP = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# "__Host-" cookies are only accepted over HTTPS, for this exact host and path "/": another
# host of the domain (or a plain-HTTP page) cannot plant or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
