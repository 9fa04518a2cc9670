"""How much changed, in one translated sentence, from the run's Processing outputs (the core
computes the figures, core/raster/summary.py)."""
from .i18n import tr

KM2_FROM_HA = 10_000  # from 100 km² on, km² reads better than hectares


def summary_text(results: dict) -> str:
    """"" when the outputs hold no summary (an older algorithm)."""
    if results.get("CHANGED_PIXELS") is None:
        return ""
    hectares = results.get("CHANGED_AREA_HA")
    if hectares is None:  # no ground unit in the CRS
        area = tr("{area} square map units").format(area=f"{results['CHANGED_AREA']:,.6g}")
    elif hectares >= KM2_FROM_HA:
        area = f"{hectares / 100:,.2f} km²"
    else:
        area = f"{hectares:,.2f} ha"
    return tr("Changed: {area}, {percent} % of the valid area, in {patches} patch(es).").format(
        area=area, percent=f"{results['CHANGED_PERCENT']:.2f}", patches=f"{int(results['CHANGE_PATCHES']):,}")
