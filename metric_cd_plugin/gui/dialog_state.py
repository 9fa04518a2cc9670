"""What the dialog's panels say, read on the main thread: the live checks behind the Run
button (shown as coloured lines) and the RunRequest a click on Run sends."""
import html
import os
from typing import TYPE_CHECKING

from qgis.core import QgsCoordinateTransformContext

from ..core.deep.weights import download_size_text, will_download
from ..dependencies.site_dir import weights_cache_dir
from . import weights_session
from .i18n import tr
from ..core.raster.destinations import POLYGONS, RASTER, output_problems
from .input_checks import CheckResult, check_bands, check_extent, check_layers
from .problem_words import dialog_text
from .run_request import RunRequest
from .run_words import size_text

if TYPE_CHECKING:  # the dialog's panels, read here
    from .date_panel import DatePanel
    from .outputs_panel import OutputsPanel
    from .settings_panel import SettingsPanel
    from .torch_probe import TorchStatus

COLOURS = {"error": "#b00020", "warning": "#9a5b00", "ok": "#2e7d32"}
SYMBOLS = {"error": "✖", "warning": "⚠", "ok": "✔"}


def line_html(kind: str, text: str) -> str:
    """One message as a coloured line: kind is "error", "warning" or "ok"."""
    return f'<p style="margin:2px 0; color:{COLOURS[kind]}">{SYMBOLS[kind]} {html.escape(text)}</p>'


RETRY_LINK = "retry-download"  # the check label's link that forgets a failed download


def checks_html(result: CheckResult) -> str:
    lines = [line_html("error", e) for e in result.errors] + [line_html("warning", w) for w in result.warnings]
    if result.retry_download:
        retry = html.escape(tr("Retry the download"))
        lines.append(f'<p style="margin:2px 0"><a href="{RETRY_LINK}">{retry}</a></p>')
    return "".join(lines) or line_html("ok", tr("Ready: T1 and T2 share one pixel grid."))


def evaluate(t1: "DatePanel", t2: "DatePanel", outputs: "OutputsPanel", settings: "SettingsPanel",
             torch: "TorchStatus",
             transform_context: QgsCoordinateTransformContext) -> CheckResult:
    """Everything that would stop a run, or that the user should know, for these choices."""
    layer1, layer2 = t1.layer(), t2.layer()
    result = check_layers(layer1, layer2, transform_context)
    if result.can_run:
        result.extend(check_bands(t1.checked_bands(), t2.checked_bands()))
        result.extend(check_extent(settings.chosen_extent(), layer1, layer2, transform_context))
    chosen = [(tr("change probability"), outputs.probability_path(), RASTER),
              (tr("change mask"), outputs.mask_path(), RASTER),
              (tr("change polygons"), outputs.polygons_path(), POLYGONS)]
    # the core's check of every output (as the run will do it), only of the paths chosen ("" = temporary)
    result.errors += [dialog_text(p) for p in output_problems(
        [(label, path, kinds) for label, path, kinds in chosen if path],
        [layer.source() for layer in (layer1, layer2) if layer is not None])]
    if settings.weights_file.isChecked():
        weights = settings.weights_value()
        if not weights:
            result.errors.append(tr("Choose the VGG16 weights file, or use seeded random weights."))
        elif not os.path.isfile(weights):
            result.errors.append(tr("The VGG16 weights file does not exist."))
    if torch.available and will_download(settings.weights_choice(), weights_cache_dir()):
        if weights_session.failed() and settings.weights_choice() == "auto":
            result.warnings.append(tr("The download of the ImageNet VGG16 weights failed earlier in this session: "
                                      "Run will use seeded random weights (lower quality) unless you retry the "
                                      "download."))
            result.retry_download = True
        else:
            result.warnings.append(tr("Run will first download the ImageNet VGG16 weights ({size}, once), with "
                                      "progress and Cancel.").format(size=size_text(download_size_text())))
    if not torch.available:
        result.errors.append(tr("PyTorch cannot be imported by QGIS's Python ({detail}); install it "
                                "with Plugins > Metric-CD > Install PyTorch..., then restart QGIS.")
                             .format(detail=torch.detail))
    return result


def build_request(t1: "DatePanel", t2: "DatePanel", outputs: "OutputsPanel",
                  settings: "SettingsPanel") -> RunRequest:
    layer1, layer2 = t1.layer(), t2.layer()
    return RunRequest(
        t1_id=layer1.id(), t2_id=layer2.id(),  # type: ignore[union-attr]  # Run needs both layers (evaluate)
        t1_name=layer1.name(), t2_name=layer2.name(),  # type: ignore[union-attr]
        bands1=t1.checked_bands(), bands2=t2.checked_bands(),
        all_bands1=t1.all_bands_checked(), all_bands2=t2.all_bands_checked(),
        output=outputs.probability_path(), mask=outputs.mask_path(), polygons=outputs.polygons_path(),
        min_area=outputs.min_area.value(), data_kind=settings.data_kind.currentData(),
        preset=settings.preset.currentIndex(),
        device=settings.device.currentIndex(), iterations=settings.iterations.value(),
        seed=settings.seed.value(), threshold=settings.threshold_value(),
        weights=weights_session.weights_for_run(settings.weights_choice()), weights_file=settings.weights_value(),
        extent=settings.chosen_extent(),
        shift_tolerance=settings.shift_tolerance.currentData(), finetune_fe=settings.finetune_fe.isChecked(),
        more=settings.more.parameters(),
        add_to_map=outputs.add_to_map.isChecked())
