"""Accuracy assessment of a change map against reference labels: the reference read onto
the map's grid by strips (reference), and the confusion matrix, F1, kappa and AUC (assess)."""
