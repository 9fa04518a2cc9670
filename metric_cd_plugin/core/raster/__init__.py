"""Raster I/O shared by every method: a pair of rasters put on one grid and read by windows
(pair, alignment, grid), tiles with halos (tiling), atomic GeoTIFF outputs with the run's
metadata (geotiff, metadata) and change polygons (polygons). GDAL and numpy only."""
