"""How the dialog names its VGG16 weights choices: the labels of the settings panel's radio
buttons, and where they are, as messages name them (gui/run_words.py). One source for both,
through tr(), so that a French message names the French buttons."""
from typing import Dict

from .i18n import tr


def advanced_title() -> str:
    return tr("Advanced settings")


def weights_title() -> str:
    return tr("VGG16 weights (deep features)")


def labels() -> Dict[str, str]:
    """The radio buttons' texts, by the algorithm's WEIGHTS option."""
    return {"auto": tr("ImageNet VGG16 when available, otherwise seeded random weights"),
            "imagenet": tr("ImageNet VGG16 (downloaded once, verified)"),
            "random": tr("Seeded random weights (offline)"),
            "file": tr("Pretrained file")}


def named() -> Dict[str, str]:
    """Each choice as a message names it: where it is in the dialog, quoted."""
    return {option: f"'{advanced_title()} > {weights_title()} > {label}'" for option, label in labels().items()}
