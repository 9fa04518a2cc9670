"""One version: the core's __version__ (written into every output's metadata) is the
plugin version QGIS shows, from metadata.txt."""
import configparser
import os

from conftest import REPO
from metric_cd_plugin.core import __version__


def test_core_version_is_the_plugin_version_in_metadata_txt():
    meta = configparser.ConfigParser()
    meta.read(os.path.join(REPO, "metadata.txt"), encoding="utf-8")
    assert meta["general"]["version"] == __version__
