"""Typed settings, read once from the environment and `.env` (prefix ``YISHI_``)."""

from __future__ import annotations

import secrets
from pathlib import Path

from starlette.config import Config
from starlette.datastructures import Secret

ROOT = Path(__file__).resolve().parent.parent
config = Config(ROOT / ".env" if (ROOT / ".env").exists() else None)

VAR_DIR = Path(config("YISHI_VAR_DIR", default=str(ROOT / "var")))
DEBUG: bool = config("YISHI_DEBUG", cast=bool, default=False)
# Production mode refuses to invent a secret: several app processes must share one.
PRODUCTION: bool = config("YISHI_PRODUCTION", cast=bool, default=False)
DATABASE_URL: str = config("YISHI_DATABASE_URL", default=f"sqlite://{VAR_DIR / 'yishi.sqlite3'}")
# A streaming replica of the PostgreSQL primary: anonymous visitors' public read pages are
# served from it (core.replica); unset, everything uses the one database.
DATABASE_REPLICA_URL: str | None = config("YISHI_DATABASE_REPLICA_URL", default=None) or None
DEMO_PASSWORD: str = config("YISHI_DEMO_PASSWORD", default="yishi-demo")
# YISHI_LOCALE (the site's default language) is read by core.i18n.configured_locale, which
# commands use without this module and its secret key.
SESSION_MAX_AGE: int = config("YISHI_SESSION_MAX_AGE", cast=int, default=14 * 24 * 3600)
# Cookies are Secure unless debugging on plain http://localhost.
COOKIE_SECURE: bool = config("YISHI_COOKIE_SECURE", cast=bool, default=not DEBUG)
MAX_UPLOAD_BYTES: int = config("YISHI_MAX_UPLOAD_BYTES", cast=int, default=10 * 1024 * 1024)
LOGIN_MAX_FAILURES: int = config("YISHI_LOGIN_MAX_FAILURES", cast=int, default=5)
LOGIN_WINDOW_SECONDS: int = config("YISHI_LOGIN_WINDOW_SECONDS", cast=int, default=15 * 60)
# Roster verification (a name and ID number guessed against the roster): failed tries per
# account allowed in the window before verification pauses.
VERIFY_MAX_FAILURES: int = config("YISHI_VERIFY_MAX_FAILURES", cast=int, default=5)
VERIFY_WINDOW_SECONDS: int = config("YISHI_VERIFY_WINDOW_SECONDS", cast=int, default=3600)
# Registrations one address may attempt in an hour (a village NAT registers many people;
# a script registering throwaway accounts or probing which numbers exist is slowed).
REGISTER_PER_HOUR: int = config("YISHI_REGISTER_PER_HOUR", cast=int, default=10)
# Files one person may upload in an hour (photos are decoded: each costs real work).
UPLOADS_PER_HOUR: int = config("YISHI_UPLOADS_PER_HOUR", cast=int, default=30)
# Where uploaded files live: unset, in VAR_DIR/uploads on this machine; `s3://bucket/prefix`,
# in S3-compatible object storage, so that every app machine serves every file (core.storage).
UPLOADS: str = config("YISHI_UPLOADS", default="")
# The object store's address (default: AWS's endpoint for the region), region and keys.
S3_ENDPOINT: str = config("YISHI_S3_ENDPOINT", default="")
S3_REGION: str = config("YISHI_S3_REGION", default="us-east-1")
S3_ACCESS_KEY: str = config("YISHI_S3_ACCESS_KEY", default="")
S3_SECRET_KEY = Secret(config("YISHI_S3_SECRET_KEY", default=""))
# `path` (http://host/bucket/key: MinIO, Ceph) or `virtual` (http://bucket.host/key: AWS,
# Aliyun OSS, Tencent COS).
S3_ADDRESSING: str = config("YISHI_S3_ADDRESSING", default="path")
# Reports that hide a comment until a moderator reviews it (评论自动隐藏).
COMMENT_AUTOHIDE_REPORTS: int = config("YISHI_COMMENT_AUTOHIDE_REPORTS", cast=int, default=3)

# 领导信箱: working days to accept a letter and to reply to it (China's official calendar),
# the reply deadline per kind where it differs ("consult=10,complain=15"), the days one
# approved extension adds, letters one person may write a day, and days to rate a reply.
LETTER_ACCEPT_DAYS: int = config("YISHI_LETTER_ACCEPT_DAYS", cast=int, default=2)
LETTER_REPLY_DAYS: int = config("YISHI_LETTER_REPLY_DAYS", cast=int, default=15)
LETTER_REPLY_DAYS_BY_KIND: str = config("YISHI_LETTER_REPLY_DAYS_BY_KIND", default="")
LETTER_EXTENSION_DAYS: int = config("YISHI_LETTER_EXTENSION_DAYS", cast=int, default=15)
LETTERS_PER_DAY: int = config("YISHI_LETTERS_PER_DAY", cast=int, default=3)
LETTER_RATING_DAYS: int = config("YISHI_LETTER_RATING_DAYS", cast=int, default=7)
# SMS codes (验证码): how long one is valid and how many wrong tries kill it.
SMS_CODE_TTL_SECONDS: int = config("YISHI_SMS_CODE_TTL_SECONDS", cast=int, default=5 * 60)
SMS_CODE_MAX_ATTEMPTS: int = config("YISHI_SMS_CODE_MAX_ATTEMPTS", cast=int, default=5)
# Against SMS bombing (短信轰炸): one code per number per interval, a day's codes per number,
# an hour's codes per address (a village NAT shares one), and a cap on all codes in a day.
SMS_CODE_INTERVAL_SECONDS: int = config("YISHI_SMS_CODE_INTERVAL_SECONDS", cast=int, default=60)
SMS_CODES_PER_NUMBER_PER_DAY: int = config(
    "YISHI_SMS_CODES_PER_NUMBER_PER_DAY", cast=int, default=10
)
SMS_CODES_PER_ADDRESS_PER_HOUR: int = config(
    "YISHI_SMS_CODES_PER_ADDRESS_PER_HOUR", cast=int, default=20
)
SMS_CODES_PER_DAY: int = config("YISHI_SMS_CODES_PER_DAY", cast=int, default=5000)

# Where SMS go: ``file:PATH`` appends JSON lines (development, the demo's default).
SMS_GATEWAY: str = config("YISHI_SMS_GATEWAY", default=f"file:{VAR_DIR / 'sms.jsonl'}")

# Public pages kept per app process for anonymous visitors (core.pagecache): how many, and
# the longest any is kept though nothing was written: wording that changes with the clock
# alone (days left, 已逾期) is at most this old.
PAGE_CACHE_ENTRIES: int = config("YISHI_PAGE_CACHE_ENTRIES", cast=int, default=2000)
PAGE_CACHE_SECONDS: float = config("YISHI_PAGE_CACHE_SECONDS", cast=float, default=60.0)
# Reach (notify). The address links in SMS and e-mail start with (no trailing slash).
SITE_URL: str = config("YISHI_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Provider template code per Yishi template name, "vote_opened=SMS_1234,code=SMS_5678"
# (Alibaba's TemplateCode, Tencent's TemplateId); a name not listed is sent under itself.
SMS_TEMPLATES: dict[str, str] = dict(
    pair.split("=", 1)
    for pair in config("YISHI_SMS_TEMPLATES", default="").replace(" ", "").split(",")
    if "=" in pair
)
SMS_SIGN_NAME: str = config("YISHI_SMS_SIGN_NAME", default="议事")  # 短信签名, approved
# Alibaba Cloud SMS (``YISHI_SMS_GATEWAY=aliyun``): dysmsapi SendSms, RPC signature v1.
ALIYUN_ACCESS_KEY_ID: str = config("YISHI_ALIYUN_ACCESS_KEY_ID", default="")
ALIYUN_ACCESS_KEY_SECRET: Secret = Secret(config("YISHI_ALIYUN_ACCESS_KEY_SECRET", default=""))
ALIYUN_SMS_ENDPOINT: str = config(
    "YISHI_ALIYUN_SMS_ENDPOINT", default="https://dysmsapi.aliyuncs.com/"
)
ALIYUN_SMS_REGION: str = config("YISHI_ALIYUN_SMS_REGION", default="cn-hangzhou")
# Tencent Cloud SMS (``YISHI_SMS_GATEWAY=tencent``): SendSms 2021-01-11, TC3-HMAC-SHA256.
TENCENT_SECRET_ID: str = config("YISHI_TENCENT_SECRET_ID", default="")
TENCENT_SECRET_KEY: Secret = Secret(config("YISHI_TENCENT_SECRET_KEY", default=""))
TENCENT_SMS_APP_ID: str = config("YISHI_TENCENT_SMS_APP_ID", default="")  # SmsSdkAppId
TENCENT_SMS_ENDPOINT: str = config(
    "YISHI_TENCENT_SMS_ENDPOINT", default="https://sms.tencentcloudapi.com/"
)
TENCENT_SMS_REGION: str = config("YISHI_TENCENT_SMS_REGION", default="ap-guangzhou")
# E-mail over SMTP; no host: no e-mail is sent (deliveries wait, the inbox still has all).
SMTP_HOST: str = config("YISHI_SMTP_HOST", default="")
SMTP_PORT: int = config("YISHI_SMTP_PORT", cast=int, default=465)
SMTP_USERNAME: str = config("YISHI_SMTP_USERNAME", default="")
SMTP_PASSWORD: Secret = Secret(config("YISHI_SMTP_PASSWORD", default=""))
SMTP_TLS: str = config("YISHI_SMTP_TLS", default="ssl")  # ssl | starttls | none
SMTP_FROM: str = config("YISHI_SMTP_FROM", default="议事 <noreply@localhost>")
# Delivery: attempts before a delivery fails, the first retry's delay (doubling after).
DELIVERY_MAX_ATTEMPTS: int = config("YISHI_DELIVERY_MAX_ATTEMPTS", cast=int, default=5)
DELIVERY_BACKOFF_SECONDS: int = config("YISHI_DELIVERY_BACKOFF_SECONDS", cast=int, default=60)
# A delivery claimed longer ago than this whose worker never recorded the provider's answer
# (the worker died mid-call) is not sent again but marked failed for an admin to check.
DELIVERY_LEASE_SECONDS: int = config("YISHI_DELIVERY_LEASE_SECONDS", cast=int, default=300)
# Sends per minute per channel, across all workers (the providers' own limits, or lower).
SMS_PER_MINUTE: int = config("YISHI_SMS_PER_MINUTE", cast=int, default=60)
EMAIL_PER_MINUTE: int = config("YISHI_EMAIL_PER_MINUTE", cast=int, default=120)
# No notification SMS from QUIET_START to QUIET_END o'clock, China time (queued till then).
SMS_QUIET_START: int = config("YISHI_SMS_QUIET_START", cast=int, default=21)
SMS_QUIET_END: int = config("YISHI_SMS_QUIET_END", cast=int, default=8)
# Seconds the in-app worker (SQLite) sleeps between rounds; 0 turns it off.
WORKER_POLL_SECONDS: float = config("YISHI_WORKER_POLL_SECONDS", cast=float, default=5.0)


def _secret_key() -> Secret:
    value = config("YISHI_SECRET_KEY", cast=Secret, default=None)
    if value is not None:
        return value
    if PRODUCTION:
        raise RuntimeError("YISHI_SECRET_KEY must be set when YISHI_PRODUCTION is on")
    # Development: generate once and keep it, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return Secret(path.read_text(encoding="utf-8").strip())


SECRET_KEY: Secret = _secret_key()
