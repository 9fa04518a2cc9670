"""How a finished run is reported: a short message in QGIS's message bar, the full text in
the "Metric-CD" tab of the log panel. A Python traceback never reaches the message bar."""
from typing import TYPE_CHECKING, Callable, Optional, Sequence, Tuple

from qgis.core import Qgis, QgsMessageLog
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget

from .i18n import tr

if TYPE_CHECKING:  # QGIS's bar (or pytest-qgis's stand-in, which takes text only)
    from qgis.gui import QgsMessageBar, QgsMessageBarItem

LOG_TAG = "Metric-CD"
SUCCESS_SECONDS = 20   # long enough to reach the "Zoom to" button
ERROR_SECONDS = 0      # errors stay until closed


def readable_error(text: str) -> Tuple[str, str]:
    """(short message for the bar, full text for the log). Algorithm errors are already
    one readable sentence; an unexpected exception arrives as a traceback, of which only
    the last line (the exception) is kept for the bar."""
    text = (text or "").strip()
    if not text:
        return tr("The run failed without a message; see the Processing tab of the log panel."), text
    if "Traceback (most recent call last)" in text:
        last = [line.strip() for line in text.splitlines() if line.strip()][-1]
        return tr("Unexpected error ({error}); the details are in the Metric-CD tab of the log "
                  "panel.").format(error=last), text
    return text.splitlines()[0], text


def log(text: str, level: Qgis.MessageLevel = Qgis.MessageLevel.Info) -> None:
    QgsMessageLog.logMessage(text, LOG_TAG, level)


def push_error(bar: "QgsMessageBar", error_text: str) -> Tuple[str, Optional["QgsMessageBarItem"]]:
    """(short text, the bar item or None): the item, to withdraw() it when it is out of date."""
    short, details = readable_error(error_text)
    log(tr("Run failed: {details}").format(details=details or short), Qgis.MessageLevel.Critical)
    if not hasattr(bar, "pushItem"):  # pytest-qgis's stand-in bar takes text only
        bar.pushMessage(tr("Metric-CD failed"), short, Qgis.MessageLevel.Critical, ERROR_SECONDS)
        return short, None
    from qgis.gui import QgsMessageBarItem
    item = QgsMessageBarItem(tr("Metric-CD failed"), short, Qgis.MessageLevel.Critical, ERROR_SECONDS)
    bar.pushItem(item)
    return short, item


def withdraw(bar: "QgsMessageBar", item: Optional["QgsMessageBarItem"]) -> None:
    """Take a message off the bar, unless the user has closed it already."""
    from qgis.PyQt import sip
    if item is not None and not sip.isdeleted(item):
        bar.popWidget(item)


# a button beside a warning: (label, tooltip, what a click does; the warning then leaves the bar)
Action = Tuple[str, str, Callable[[], None]]


def push_warning(bar: "QgsMessageBar", text: str, details: str = "",
                 actions: Sequence[Action] = ()) -> Optional["QgsMessageBarItem"]:
    """A warning that stays; with details, a short text and a "Details" button that shows
    the whole text (the log gets the whole text), and a button per action, when the bar is
    QGIS's (pushItem). -> the item pushed, or None (plain text)."""
    log(details or text, Qgis.MessageLevel.Warning)
    details = "" if details == text else details
    if not (details or actions) or not hasattr(bar, "pushItem"):
        bar.pushMessage(tr("Metric-CD"), text, Qgis.MessageLevel.Warning, ERROR_SECONDS)
        return None
    from qgis.gui import QgsMessageBarItem
    item = QgsMessageBarItem(tr("Metric-CD"), text, Qgis.MessageLevel.Warning, ERROR_SECONDS)
    buttons = QWidget(item)  # parented to the item: Qt owns it (see push_success)
    row = QHBoxLayout(buttons)
    row.setContentsMargins(0, 0, 0, 0)
    if details:
        button = QPushButton(tr("Details"), buttons)
        button.setToolTip(tr("Show the whole message."))
        button.clicked.connect(lambda _=False, b=button: _show_details(b, details))
        row.addWidget(button)
    for label, tip, act in actions:
        button = QPushButton(label, buttons)
        button.setToolTip(tip)
        button.clicked.connect(lambda _=False, act=act: _answer(bar, item, act))
        row.addWidget(button)
    item.setWidget(buttons)
    bar.pushItem(item)
    return item


def _answer(bar: "QgsMessageBar", item: "QgsMessageBarItem", act: Callable[[], None]) -> None:
    """A warning's action clicked: the warning is answered, so it leaves the bar (once the
    click is over: the item holds the button whose signal this is)."""
    act()
    QTimer.singleShot(0, lambda: withdraw(bar, item))


def _show_details(parent: QWidget, details: str) -> None:
    """The whole text in a box that does not block QGIS (parented: it goes with the message)."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Metric-CD"), details, QMessageBox.StandardButton.Close, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setModal(False)
    box.show()


def push_info(bar: "QgsMessageBar", text: str) -> None:
    log(text, Qgis.MessageLevel.Info)
    bar.pushMessage(tr("Metric-CD"), text, Qgis.MessageLevel.Info, SUCCESS_SECONDS)


def push_temporary(bar: "QgsMessageBar", text: str, save: Callable[[], None]) -> None:
    """Temporary outputs: a message that stays, with a "Save…" button when the bar is
    QGIS's (pushItem); plain text otherwise."""
    log(text, Qgis.MessageLevel.Info)
    if not hasattr(bar, "pushItem"):
        bar.pushMessage(tr("Metric-CD"), text, Qgis.MessageLevel.Info, ERROR_SECONDS)
        return
    from qgis.gui import QgsMessageBarItem
    item = QgsMessageBarItem(tr("Metric-CD"), text, Qgis.MessageLevel.Info, ERROR_SECONDS)
    button = QPushButton(tr("Save…"), item)  # parented to the item: Qt owns it (see push_success)
    button.setToolTip(tr("Copy the temporary files into a folder that lasts; the layers then read the copies."))
    button.clicked.connect(save)
    item.setWidget(button)
    bar.pushItem(item)


def push_success(bar: "QgsMessageBar", text: str, zoom: Optional[Callable[[], None]]) -> None:
    """Success with a "Zoom to" button when there is something to zoom to and the bar is
    QGIS's (pushItem); plain text otherwise."""
    log(text, Qgis.MessageLevel.Success)
    title = tr("Metric-CD finished")
    if zoom is None or not hasattr(bar, "pushItem"):  # pytest-qgis's stand-in bar takes text only
        bar.pushMessage(title, text, Qgis.MessageLevel.Success, SUCCESS_SECONDS)
        return
    from qgis.gui import QgsMessageBarItem
    item = QgsMessageBarItem(title, text, Qgis.MessageLevel.Success, SUCCESS_SECONDS)
    # parented to the item: Qt owns the button (given to the item's constructor, Python would
    # delete it when this function returns)
    button = QPushButton(tr("Zoom to"), item)
    button.setToolTip(tr("Zoom the map to the change layer."))
    button.clicked.connect(zoom)
    item.setWidget(button)
    bar.pushItem(item)  # the bar owns the item
