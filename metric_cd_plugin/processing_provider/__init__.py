"""Processing provider "metriccd": Metric-CD, CVA, PCA-KMeans, IR-MAD and accuracy assessment.

Algorithms are thin adapters over metric_cd_plugin.core; they never touch GUI objects,
so they run in Processing's background thread, in graphical models and in qgis_process."""
