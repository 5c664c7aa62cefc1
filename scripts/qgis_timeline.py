"""The timeline GeoPackage in QGIS: temporal properties set as the Temporal Controller uses them.

Run with the Python that has PyQGIS (Debian: ``apt-get install qgis python3-qgis``), not
afmap's venv; tests do not run it::

    afmap export --timeline --out output/afmap-timeline.gpkg
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis_timeline.py \\
        output/afmap-timeline.gpkg output/qgis-two-dates.png \\
        --project output/afmap-timeline.qgz --window docs/qgis-timeline.png

It loads the layer, sets Layer Properties > Temporal to "Separate Fields for Start and End
Date/Time" (``start``, ``end``, "Include Start, Exclude End": a claim holds from its start
up to, not including, its end; an empty end holds to today), colours each faction with its
``color`` field, and renders the map through QGIS's temporal filter on two dates side by
side (``--dates``), printing how many claims of each faction QGIS shows on each.
``--project`` also saves a QGIS project with the layer so set up (its time range the whole
history, a month a frame): open it and press play in View > Panels > Temporal Controller.
``--window`` then opens that project in the QGIS application under ``xvfb-run``, with the
Temporal Controller panel open on the frame of the second date, and saves a screenshot of
the window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

DATES = ["1988-07-01", "1998-07-01"]
SIZE = (900, 700)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gpkg")
    parser.add_argument("png")
    parser.add_argument("--dates", nargs=2, default=DATES, metavar="YYYY-MM-DD")
    parser.add_argument("--project")
    parser.add_argument("--window", metavar="PNG", help="a screenshot of QGIS (needs --project)")
    args = parser.parse_args(argv)
    if args.window and not args.project:
        parser.error("--window needs --project")

    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.setPrefixPath("/usr", True)
    app.initQgis()
    try:
        layer = timeline_layer(args.gpkg)
        images = []
        for text in args.dates:
            day = dt.date.fromisoformat(text)
            shown = shown_on(layer, day)
            print(f"{text}: QGIS shows {sum(shown.values())} claims: "
                  + ", ".join(f"{n} {f}" for f, n in sorted(shown.items())))
            images.append((text, render_on(layer, day)))
        side_by_side(images, legend_entries(layer), args.png)
        if args.project:
            save_project(layer, args.project)
    finally:
        app.exitQgis()
    if args.window:
        return screenshot(args.project, args.window, args.dates[1])
    return 0


def screenshot(project: str, png: str, day: str) -> int:
    """Open ``project`` in QGIS under a virtual X server; this script, run by QGIS's
    ``--code``, shows the Temporal Controller on ``day``'s frame and saves the window."""
    env = {**os.environ, "AFMAP_QGIS_SHOT": str(Path(png).resolve()), "AFMAP_QGIS_DAY": day}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1440x900x24", "qgis", "--nologo",
                           "--noplugins", "--noversioncheck", "--code", str(Path(__file__).resolve()),
                           str(Path(project).resolve())], env=env, timeout=300)
    if not Path(png).exists():
        sys.exit(f"QGIS exited ({done.returncode}) without saving {png}")
    print(f"wrote {png}")
    return 0


def _in_qgis() -> None:
    """Inside the QGIS application: the Temporal Controller on a frame, then a screenshot."""
    from qgis.core import QgsInterval, QgsProject, QgsUnitTypes
    from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime, QTimer
    from qgis.PyQt.QtWidgets import QApplication, QDockWidget
    from qgis.utils import iface

    def show() -> None:
        window = iface.mainWindow()
        window.showMaximized()
        docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
        for name, dock in docks.items():
            dock.setVisible(name in ("Layers", "Temporal Controller"))
        window.resizeDocks([docks["Layers"]], [400], Qt.Horizontal)
        navigation = iface.mapCanvas().temporalController()
        navigation.setNavigationMode(navigation.Animated)
        navigation.setTemporalExtents(QgsProject.instance().timeSettings().temporalRange())
        navigation.setFrameDuration(QgsInterval(1, QgsUnitTypes.TemporalMonths))
        day = dt.date.fromisoformat(os.environ["AFMAP_QGIS_DAY"])
        moment = QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))
        navigation.setCurrentFrameNumber(navigation.findBestFrameNumberForFrameStart(moment))
        iface.mapCanvas().zoomToFullExtent()
        QTimer.singleShot(8000, save)

    def save() -> None:
        iface.mainWindow().grab().save(os.environ["AFMAP_QGIS_SHOT"])
        QApplication.instance().exit(0)

    QTimer.singleShot(4000, show)


def timeline_layer(path: str):
    """The ``afmap`` layer with start/end temporal properties and one colour per faction."""
    from qgis.core import (
        Qgis,
        QgsCategorizedSymbolRenderer,
        QgsFillSymbol,
        QgsRendererCategory,
        QgsVectorLayer,
        QgsVectorLayerTemporalProperties,
    )

    layer = QgsVectorLayer(f"{path}|layername=afmap", "afmap timeline", "ogr")
    if not layer.isValid():
        sys.exit(f"{path}: QGIS cannot open its afmap layer")
    props = layer.temporalProperties()
    props.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
    props.setStartField("start")
    props.setEndField("end")
    props.setLimitMode(Qgis.VectorTemporalLimitMode.IncludeBeginExcludeEnd)
    props.setIsActive(True)

    names = {}
    for feature in layer.getFeatures():
        names.setdefault(feature["faction"], (feature["faction_name"], feature["color"]))
    categories = []
    for faction, (name, color) in sorted(names.items(), key=lambda kv: str(kv[1][0])):
        symbol = QgsFillSymbol.createSimple({"color": color or "#dddddd",
                                             "outline_color": "#555555",
                                             "outline_width": "0.2"})
        categories.append(QgsRendererCategory(faction, symbol, name or "no data"))
    layer.setRenderer(QgsCategorizedSymbolRenderer("faction", categories))
    return layer


def _range(day: dt.date):
    from qgis.core import QgsDateTimeRange
    from qgis.PyQt.QtCore import QDate, QDateTime, QTime

    start = QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))
    return QgsDateTimeRange(start, start.addDays(1), True, False)


def shown_on(layer, day: dt.date) -> dict[str, int]:
    """How many features of each faction QGIS's temporal filter lets through on ``day``."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayerTemporalContext

    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    where = layer.temporalProperties().createFilterString(context, _range(day))
    counts: dict[str, int] = {}
    for feature in layer.getFeatures(QgsFeatureRequest().setFilterExpression(where)):
        faction = feature["faction"] or "no-data"
        counts[faction] = counts.get(faction, 0) + 1
    return counts


def render_on(layer, day: dt.date):
    """The layer rendered by QGIS's map renderer with the temporal range of ``day``."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent().buffered(0.3))
    settings.setOutputSize(QSize(*SIZE))
    settings.setBackgroundColor(QColor("white"))
    settings.setIsTemporal(True)
    settings.setTemporalRange(_range(day))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def legend_entries(layer) -> list[tuple[str, object]]:
    return [(c.label(), c.symbol().color()) for c in layer.renderer().categories()]


def side_by_side(images, legend, path: str) -> None:
    """Both renders with their dates above and the faction legend below, as one PNG."""
    from qgis.PyQt.QtCore import QRect, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    width, height = SIZE
    rows = (len(legend) + 1) // 2
    canvas = QImage(width * len(images), height + 60 + 28 * rows + 20, QImage.Format_ARGB32)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setFont(QFont("DejaVu Sans", 16, QFont.Bold))
    for i, (label, image) in enumerate(images):
        painter.drawText(QRect(i * width, 10, width, 40), Qt.AlignCenter,
                         f"QGIS, temporal range {label}")
        painter.drawImage(i * width, 60, image)
    painter.setFont(QFont("DejaVu Sans", 11))
    column = canvas.width() // 2
    for k, (label, color) in enumerate(legend):
        x, y = 20 + (k % 2) * column, height + 70 + (k // 2) * 28
        painter.fillRect(x, y, 22, 18, color)
        painter.drawRect(x, y, 22, 18)
        painter.drawText(x + 30, y + 15, label)
    painter.end()
    canvas.save(path)


def save_project(layer, path: str) -> None:
    """A QGIS project holding the layer, its time range the whole history, a month a frame."""
    from qgis.core import QgsDateTimeRange, QgsProject, QgsUnitTypes
    from qgis.PyQt.QtCore import QDateTime

    project = QgsProject.instance()
    project.addMapLayer(layer)
    settings = project.timeSettings()
    first = layer.minimumValue(layer.fields().indexOf("start"))
    settings.setTemporalRange(QgsDateTimeRange(first, QDateTime.currentDateTime()))
    settings.setTimeStep(1)
    settings.setTimeStepUnit(QgsUnitTypes.TemporalMonths)
    settings.setFramesPerSecond(12)
    project.write(path)


if os.environ.get("AFMAP_QGIS_SHOT") and "qgis.utils" in sys.modules:
    _in_qgis()          # run by QGIS's --code, from screenshot()
elif __name__ == "__main__":
    sys.exit(main())
