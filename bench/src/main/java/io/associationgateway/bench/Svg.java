package io.associationgateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain SVG line chart: numeric x and y axes (y linear or log10), one polyline with markers per series, a legend. */
final class Svg {

  record Point(double x, double y) {
  }

  record Series(String name, String color, boolean dashed, List<Point> points) {
  }

  private static final int WIDTH = 760;
  private static final int HEIGHT = 440;
  private static final int LEFT = 80;
  private static final int RIGHT = 200;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private Svg() {
  }

  static String lineChart(String title, String xLabel, String yLabel, boolean logY, List<Series> series) {
    var xs = new ArrayList<Double>();
    var ys = new ArrayList<Double>();
    for (var s : series) {
      for (var p : s.points()) {
        if (Double.isFinite(p.x()) && Double.isFinite(p.y()) && (!logY || p.y() > 0)) {
          xs.add(p.x());
          ys.add(p.y());
        }
      }
    }
    double xMax = niceCeil(xs.stream().mapToDouble(Double::doubleValue).max().orElse(1));
    double xMin = 0;
    double yMin;
    double yMax;
    if (logY) {
      yMin = Math.pow(10, Math.floor(Math.log10(ys.stream().mapToDouble(Double::doubleValue).min().orElse(1))));
      yMax = Math.pow(10, Math.ceil(Math.log10(ys.stream().mapToDouble(Double::doubleValue).max().orElse(10))));
      if (yMax <= yMin) {
        yMax = yMin * 10;
      }
    } else {
      yMin = 0;
      yMax = niceCeil(ys.stream().mapToDouble(Double::doubleValue).max().orElse(1));
    }
    var plotW = WIDTH - LEFT - RIGHT;
    var plotH = HEIGHT - TOP - BOTTOM;
    var out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, esc(title)));
    // grid and ticks
    for (int i = 0; i <= 5; i++) {
      double xv = xMin + (xMax - xMin) * i / 5;
      double px = LEFT + plotW * i / 5.0;
      out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>%n", px, TOP, px, TOP + plotH));
      out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP + plotH + 18, fmt(xv)));
    }
    var yTicks = new ArrayList<Double>();
    if (logY) {
      for (double v = yMin; v <= yMax * 1.0001; v *= 10) {
        yTicks.add(v);
      }
    } else {
      for (int i = 0; i <= 5; i++) {
        yTicks.add(yMin + (yMax - yMin) * i / 5);
      }
    }
    for (var yv : yTicks) {
      double py = yPixel(yv, yMin, yMax, logY, plotH);
      out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", LEFT, py, LEFT + plotW, py));
      out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, py + 4, fmt(yv)));
    }
    out.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n", LEFT, TOP, plotW, plotH));
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", LEFT + plotW / 2, HEIGHT - 18, esc(xLabel)));
    out.append(String.format(Locale.ROOT, "<text transform=\"translate(18,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
        TOP + plotH / 2, esc(yLabel + (logY ? " (log scale)" : ""))));
    // series
    int legend = 0;
    for (var s : series) {
      var path = new StringBuilder();
      var markers = new StringBuilder();
      for (var p : s.points()) {
        if (!Double.isFinite(p.x()) || !Double.isFinite(p.y()) || (logY && p.y() <= 0)) {
          continue;
        }
        double px = LEFT + plotW * (p.x() - xMin) / (xMax - xMin);
        double py = yPixel(p.y(), yMin, yMax, logY, plotH);
        path.append(path.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
        markers.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, s.color()));
      }
      out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n", s.color(),
          s.dashed() ? " stroke-dasharray=\"6,4\"" : "", path));
      if (!s.dashed()) {
        out.append(markers);
      }
      int ly = TOP + 10 + legend * 20;
      out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
          LEFT + plotW + 12, ly, LEFT + plotW + 36, ly, s.color(), s.dashed() ? " stroke-dasharray=\"6,4\"" : ""));
      out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotW + 42, ly + 4, esc(s.name())));
      legend++;
    }
    out.append("</svg>\n");
    return out.toString();
  }

  private static double yPixel(double v, double min, double max, boolean log, int plotH) {
    double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
    return TOP + plotH * (1 - f);
  }

  private static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String fmt(double v) {
    if (v >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, v >= 1 ? "%.1f" : "%.2g", v);
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
