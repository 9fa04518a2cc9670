"""The Processing toolbox under the French locale (issue 26 item 3): with the translator
installed the way the plugin installs it, the provider's algorithms, freshly created from the
real registry, are named, grouped and described in French, with no English sentence known to
the plugin; their ids and parameter names stay those of models and qgis_process."""
from qgis.core import QgsApplication

from test_dialog_french import english_in, english_sentences, french  # noqa: F401
from test_processing_provider import ALGORITHM_IDS
from test_translations import french_qm  # noqa: F401


def fresh_algorithms():
    registry = QgsApplication.processingRegistry()
    return [registry.createAlgorithmById(algorithm_id) for algorithm_id in ALGORITHM_IDS]


def test_the_toolbox_names_its_provider_groups_and_algorithms_in_french(metriccd_provider, french):  # noqa: F811
    fragments = english_sentences()
    assert metriccd_provider.name() == "Détection de changements Metric-CD"
    assert metriccd_provider.longName().startswith("Détection de changements Metric-CD ")
    algorithms = fresh_algorithms()
    assert sorted(a.id() for a in algorithms) == ALGORITHM_IDS  # the ids do not change
    names = {a.name(): a.displayName() for a in algorithms}
    assert names["changedetection"] == "Détection de changements Metric-CD (profonde, non supervisée)"
    assert names["threshold"] == "Masque de changement à un autre seuil (sans nouvel ajustement)"
    assert {a.group() for a in algorithms} == {"Détection de changements", "Détection de changements classique",
                                               "Évaluation"}
    assert {a.groupId() for a in algorithms} == {"changedetection", "classical", "assessment"}
    english = [(text, english_in(text, fragments)) for a in algorithms for text in (a.displayName(), a.group())
               if english_in(text, fragments)]
    assert not english, english


def test_in_english_the_toolbox_keeps_its_english_names(metriccd_provider):
    algorithms = {a.name(): a for a in fresh_algorithms()}
    assert metriccd_provider.name() == "Metric-CD change detection"
    assert algorithms["changedetection"].displayName() == "Metric-CD change detection (deep, unsupervised)"
    assert algorithms["cva"].group() == "Classical change detection"
    assert algorithms["areaestimate"].group() == "Assessment"
