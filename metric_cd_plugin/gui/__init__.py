"""The Metric-CD dialog: pick two raster layers, run metriccd:changedetection as a
background task, add the styled results to the project."""
