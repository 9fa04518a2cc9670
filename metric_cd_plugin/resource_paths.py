"""Where bundled resources are: inside the plugin folder once packaged
(<plugin>/resources), beside it in the source repository (<repo>/resources)."""
import os
from typing import Optional

PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))


def resource_path(*parts: str) -> Optional[str]:
    """Absolute path of a bundled resource, e.g. resource_path("icon.svg"); None if absent."""
    for root in (os.path.join(PLUGIN_DIR, "resources"),
                 os.path.join(os.path.dirname(PLUGIN_DIR), "resources")):
        path = os.path.join(root, *parts)
        if os.path.exists(path):
            return path
    return None


def icon_path() -> str:
    return resource_path("icon.svg") or ""
