"""The core's coded problems (core/request/problems.py) in the dialog's words and language:
the same sentences as the command line and Processing, through tr() so that the French
dialog shows French. A code without a sentence here is shown as the core words it."""
from typing import Any, Dict, Mapping

from ..core.request.problems import Problem
from .i18n import tr


def _templates() -> dict:
    return {
        "output_missing": tr("No {label} file was given; choose where to write it."),
        "output_folder_name": tr("The {label} '{path}' names a folder, not a file; give a file name ending in "
                                 "{first}."),
        "output_not_plain": tr("The {label} '{path}' is not a plain file name; Metric-CD writes whole {what} "
                               "files, so give a file name ending in {first}."),
        "output_extension": tr("The {label} '{path}' does not end in {first}; Metric-CD writes {what} files, so "
                               "give a name ending in {first}."),
        "output_is_folder": tr("The {label} '{path}' is a folder; give a file name inside it, e.g. '{example}'."),
        "output_special": tr("The {label} '{path}' is a device, pipe or socket, not a regular file; give the "
                             "name of a file to write."),
        "output_no_folder": tr("The output folder '{folder}' does not exist; create it or choose another."),
        "output_not_writable": tr("The output folder '{folder}' is not writable; choose another folder."),
        "output_link_no_folder": tr("The {label} '{path}' is a link to '{real}', whose folder does not exist; "
                                    "create it or choose another."),
        "output_link_not_writable": tr("The {label} '{path}' is a link to '{real}', whose folder is not "
                                       "writable; choose another folder."),
        "output_read_only": tr("The {label} '{path}' is read-only or locked, so it is not replaced; choose "
                               "another file, or make it writable."),
        "output_is_input": tr("The {label} '{path}' is also an input; choose another output file."),
        "output_twice": tr("The {label} '{path}' is also the {other}; choose a different file for each output."),
    }


def _labels() -> Dict[str, str]:
    """The core's names of what a sentence is about ({label}, {what}, {other})."""
    return {"output": tr("output"), "change mask": tr("change mask"), "polygon output": tr("polygon output"),
            "change summary": tr("change summary"), "Change mask": tr("Change mask"),
            "Change probability": tr("Change probability")}


def named(params: Mapping[str, Any]) -> Dict[str, Any]:
    """params with the names of what a sentence is about in the dialog's words (an unknown
    name, e.g. a layer's, as it is)."""
    labels, shown = _labels(), dict(params)
    for key in ("label", "what", "other"):
        if key in shown:
            shown[key] = labels.get(str(shown[key]), shown[key])
    return shown


def dialog_text(problem: Problem) -> str:
    """One problem as the dialog shows it."""
    template = _templates().get(problem.code)
    return template.format(**named(problem.params)) if template else problem.text()
