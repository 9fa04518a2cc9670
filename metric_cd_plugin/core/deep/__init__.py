"""The deep method, Metric-CD (Bandara & Patel, arXiv 2303.09536). Entry point:
`run.detect_change(DetectionRequest)`. request (presets and the request), engine (fit then
predict), fit, predict, networks (D-CPG, VGG16 D-FE), features, loss, augment, grading
(context grading of Pc), decision (the automatic threshold), device, weights and download
(VGG16 weights), torch_check. torch is imported by the modules that need it, not here, so
the plugin and the classical methods load without it."""
