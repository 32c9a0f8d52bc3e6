"""The dashboard: Arabic, right to left, server-rendered pages over the same `Store` as the API.

Pages are rendered with Jinja2 (autoescaping on: article text is always shown as text) and need no
network: styles and the few lines of script are served from ``rasd/web/static``, charts and the
actor network are inline SVG computed in `rasd.web.render`.
"""

from rasd.web.views import mount_dashboard

__all__ = ["mount_dashboard"]
