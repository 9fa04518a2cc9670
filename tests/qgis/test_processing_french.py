"""The Processing toolbox under the French locale (issue 26 item 3): with the translator
installed the way the plugin installs it, the provider's algorithms, freshly created from the
real registry, are named, grouped, described (parameters and outputs) and helped in French,
with no English sentence known to the plugin; their ids and parameter names stay those of
models and qgis_process."""
import pytest
from qgis.core import QgsApplication, QgsProcessingException

from metric_cd_plugin.processing_provider.algorithm_help import CITATIONS

from synthetic import change_pair
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


def test_every_parameter_and_output_is_described_in_french(metriccd_provider, french):  # noqa: F811
    fragments = english_sentences()
    algorithms = {a.name(): a for a in fresh_algorithms()}
    texts = {(name, d.name()): d.description() for name, a in algorithms.items()
             for d in list(a.parameterDefinitions()) + list(a.outputDefinitions())}
    assert texts[("changedetection", "T1")] == "Raster T1 (date antérieure)"  # schema-derived: Processing's words
    assert texts[("changedetection", "OUTPUT")] == "Probabilité de changement"
    assert texts[("cva", "OUTPUT")] == "Score de changement"
    assert texts[("samplingdesign", "UA_CHANGE")] == "Précision utilisateur attendue de la strate « changement »"
    assert texts[("threshold", "THRESHOLD_USED")] == "Seuil utilisé"
    assert {name for _, name in texts} >= {"T1", "T2", "WEIGHTS", "WEIGHTS_FILE", "SHIFT_TOLERANCE", "SMOOTH"}
    english = {key: (text, english_in(text, fragments)) for key, text in texts.items() if english_in(text, fragments)}
    assert not english, english


def test_the_help_beside_each_algorithm_is_in_french(metriccd_provider, french):  # noqa: F811
    fragments = english_sentences()
    helps = {a.name(): a.shortHelpString() for a in fresh_algorithms()}
    assert "<h3>Entrées</h3>" in helps["changedetection"] and "Probabilité de changement" in helps["changedetection"]
    assert "<b>Score de changement</b>" in helps["cva"] and "Bandara and V. M. Patel" in helps["changedetection"]
    for citation in CITATIONS.values():  # left as published
        helps = {name: text.replace(citation, "") for name, text in helps.items()}
    english = {name: english_in(text, fragments) for name, text in helps.items()}
    assert not any(english.values()), english


def test_processing_words_the_weights_notes_in_french_with_its_parameters(french):  # noqa: F811
    from metric_cd_plugin.core.deep.weights import random_note
    from metric_cd_plugin.core.deep.weights_notes import coded
    from metric_cd_plugin.processing_provider.core_bridge import processing_words
    fragments = english_sentences()
    random = processing_words(random_note())
    assert random.startswith("Le D-FE utilise des poids VGG16 aléatoires")
    assert "Poids VGG16 = imagenet (WEIGHTS=imagenet)" in random  # Processing's parameter, not the dialog's button
    missing = processing_words(coded("weights_file_missing", path="/nowhere/vgg16.pth"))
    assert "/nowhere/vgg16.pth" in missing and "Poids VGG16 = random (WEIGHTS=random)" in missing
    assert not english_in(random, fragments) and not english_in(missing, fragments), (random, missing)


def test_a_refused_output_is_told_in_french(tmp_path, processing_api, french):  # noqa: F811
    t1, t2, _ = change_pair(tmp_path, size=32)
    with pytest.raises(QgsProcessingException) as raised:
        processing_api.run("metriccd:cva", {"T1": t1, "T2": t2, "OUTPUT": str(tmp_path / "score.tif"),
                                            "OUTPUT_POLYGONS": t2})
    assert "polygones en sortie" in str(raised.value) and "ne se termine pas par .gpkg" in str(raised.value)
    assert not english_in(str(raised.value), english_sentences()), raised.value


def test_in_english_the_toolbox_keeps_its_english_names(metriccd_provider):
    algorithms = {a.name(): a for a in fresh_algorithms()}
    assert metriccd_provider.name() == "Metric-CD change detection"
    assert algorithms["changedetection"].displayName() == "Metric-CD change detection (deep, unsupervised)"
    assert algorithms["cva"].group() == "Classical change detection"
    assert algorithms["areaestimate"].group() == "Assessment"
    assert algorithms["changedetection"].parameterDefinition("T1").description() == "T1 raster (earlier date)"
    assert algorithms["cva"].parameterDefinition("OUTPUT").description() == "Change score"
    assert algorithms["samplingdesign"].parameterDefinition("UA_CHANGE").description() == \
        "Anticipated user's accuracy of the change stratum"
