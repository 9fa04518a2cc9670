"""What this QGIS session knows about the ImageNet weights download: once a run could not
download them (offline), later runs of the session skip the attempt and use seeded random
weights, and the dialog says so, until the user asks to retry (or QGIS restarts). Kept in
the module, so it lasts as long as the loaded plugin and is never written to the profile."""
_failed = {"reason": ""}


def remember_failure(reason: str) -> None:
    _failed["reason"] = str(reason) or "failed"


def failed() -> bool:
    return bool(_failed["reason"])


def forget() -> None:
    """Retry: the next run tries the download again."""
    _failed["reason"] = ""


def weights_for_run(choice: str) -> str:
    """The WEIGHTS a run gets: 'auto' after a failed download of this session is 'random'
    (an explicit 'imagenet' still tries, and fails with the reason if still offline)."""
    return "random" if choice == "auto" and failed() else choice
