"""How the toolbox names the provider, its groups and its algorithms, in the user's language
(tr(), context MetricCD; written as literal tr() calls so that pylupdate5 finds them). The ids
behind them never change: models and qgis_process depend on them."""
from ..gui.i18n import tr


def provider_name() -> str:
    return tr("Metric-CD change detection")


def group_name(group_id: str) -> str:
    return {"changedetection": tr("Change detection"), "classical": tr("Classical change detection"),
            "assessment": tr("Assessment")}[group_id]


def display_name(algorithm_id: str) -> str:
    return {"changedetection": tr("Metric-CD change detection (deep, unsupervised)"),
            "cva": tr("Change Vector Analysis (CVA)"), "pcakmeans": tr("PCA-KMeans"), "irmad": tr("IR-MAD"),
            "threshold": tr("Change mask at another threshold (no new fit)"),
            "accuracy": tr("Change detection accuracy"),
            "samplingdesign": tr("Sampling design for the change area"),
            "areaestimate": tr("Change area estimate from labelled sample points")}[algorithm_id]
