"""Security headers on every response, error pages included."""

SECURITY_HEADERS = {
    # No inline scripts anywhere: htmx is a file, configuration goes in attributes.
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}
