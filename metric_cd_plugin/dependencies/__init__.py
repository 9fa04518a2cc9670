"""Getting PyTorch into a QGIS that lacks it: the plugin-private package directory, the
pip command the installer runs, and the diagnostics text. Qt-free; the dialogs are in gui/."""
