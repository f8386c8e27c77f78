"""LMS course completion → Open Badge: launch the badge service (see docs/lms-service.md).

    OBV3_CONFIG=examples/lms-service.toml OBV3_KEY_FILE=issuer-key.pem \\
    OBV3_WEBHOOK_SECRET=... python examples/lms_completion_webhook.py

Moodle, Canvas and generic completion webhooks, badge pages and a verify page, on 127.0.0.1:8000
(``OBV3_HOST``/``OBV3_PORT``); ``OBV3_ROOT_PATH`` behind a proxy at a sub-path, and
``OBV3_TRUSTED_PROXIES`` the proxy addresses whose ``X-Forwarded-*`` headers are believed.
"""

import os

import uvicorn

from obv3.web import create_app


def main() -> None:
    trusted = os.environ.get("OBV3_TRUSTED_PROXIES", "")
    uvicorn.run(
        create_app(),
        host=os.environ.get("OBV3_HOST", "127.0.0.1"),
        port=int(os.environ.get("OBV3_PORT", "8000")),
        root_path=os.environ.get("OBV3_ROOT_PATH", ""),
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
    )


if __name__ == "__main__":
    main()
