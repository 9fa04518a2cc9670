"""Classical change detectors: CVA, PCA-KMeans and IR-MAD (cva, pcakmeans, irmad), fitted
on a bounded area and scored by windows (windows), with their chi-square helpers. Entry
point: `output.write_classical`; run holds the in-memory variant and the method list.
numpy and GDAL only."""
