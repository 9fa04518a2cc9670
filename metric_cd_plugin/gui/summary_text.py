"""How much changed, in one translated sentence, from the run's Processing outputs (the core
computes the figures, core/raster/summary.py), its numbers written as the locale writes them."""
from .i18n import tr
from .run_words import number, whole

KM2_FROM_HA = 10_000  # from 100 km² on, km² reads better than hectares


def summary_text(results: dict) -> str:
    """"" when the outputs hold no summary (an older algorithm)."""
    if results.get("CHANGED_PIXELS") is None:
        return ""
    hectares = results.get("CHANGED_AREA_HA")
    if hectares is None:  # no ground unit in the CRS
        area = tr("{area} square map units").format(area=number(results["CHANGED_AREA"], 6, "g"))
    elif hectares >= KM2_FROM_HA:
        area = f"{number(hectares / 100)} km²"
    else:
        area = f"{number(hectares)} ha"
    return tr("Changed: {area}, {percent} % of the valid area, in {patches} patch(es).").format(
        area=area, percent=number(results["CHANGED_PERCENT"]), patches=whole(results["CHANGE_PATCHES"]))
