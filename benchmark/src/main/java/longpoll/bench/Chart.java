package longpoll.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVRecord;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the benchmark's picture with JFreeChart: delivery latency against load (the "curve" rows
 * of results.csv), on a logarithmic axis because the median and the 99th percentile lie decades
 * apart, and the server's memory against waiting polls (the "hold" run's samples).
 */
final class Chart {

    static final int WIDTH = 1200;
    static final int HEIGHT = 450;
    static final Color P50 = new Color(0x1f77b4);
    static final Color P99 = new Color(0xd62728);
    private static final Color GRID = new Color(0xcccccc);
    private static final Color MINOR_GRID = new Color(0xeeeeee);
    /** 1, 10, 100, 1,000 ms: plain numbers read faster than powers of ten. */
    private static final DecimalFormat MILLIS = new DecimalFormat("#,##0.###");

    private static final StandardChartTheme THEME = theme();

    private Chart() {}

    static void draw(Path results, Path holdMemory, Path png) throws IOException {
        var p50 = new XYSeries("p50");
        var p99 = new XYSeries("p99");
        for (CSVRecord row : CsvFiles.read(results)) {
            if (row.get("preset").equals("curve")) {
                double rate = Double.parseDouble(row.get("rate"));
                addIfPositive(p50, rate, Double.parseDouble(row.get("p50_ms")));
                addIfPositive(p99, rate, Double.parseDouble(row.get("p99_ms")));
            }
        }
        var rss = new XYSeries("RSS");
        for (CSVRecord row : CsvFiles.read(holdMemory)) {
            rss.add(Double.parseDouble(row.get("waiting_polls")), Double.parseDouble(row.get("rss_kib")) / 1024);
        }

        var latency = chart(
                "Delivery latency, 5,000 waiting clients",
                "messages per second",
                decades(p50, p99),
                List.of(p50, p99),
                List.of(P50, P99),
                "No curve run yet: -Dbench.preset=curve");
        latency.getXYPlot().setRangeMinorGridlinesVisible(true);
        var memoryAxis = new NumberAxis("RSS, MiB");
        memoryAxis.setAutoRangeIncludesZero(true);
        var memory = chart(
                "Server memory while polls wait",
                "waiting polls",
                memoryAxis,
                List.of(rss),
                List.of(P50),
                "No hold run yet: -Dbench.preset=hold");

        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        latency.draw(g, new Rectangle2D.Double(0, 0, WIDTH / 2.0, HEIGHT));
        memory.draw(g, new Rectangle2D.Double(WIDTH / 2.0, 0, WIDTH / 2.0, HEIGHT));
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
        System.out.println("Drew " + png.toAbsolutePath());
    }

    /**
     * A logarithmic latency axis from a power of ten to a power of ten, with a labelled tick at
     * each and unlabelled ones between: at least two labels however close the figures lie.
     */
    private static LogAxis decades(XYSeries... series) {
        var axis = new LogAxis("latency, ms (log scale)");
        axis.setNumberFormatOverride(MILLIS);
        axis.setTickUnit(new NumberTickUnit(1), false, false);
        axis.setAutoTickUnitSelection(false);
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        double min = Arrays.stream(series)
                .filter(s -> !s.isEmpty())
                .mapToDouble(XYSeries::getMinY)
                .min()
                .orElse(1);
        double max = Arrays.stream(series)
                .filter(s -> !s.isEmpty())
                .mapToDouble(XYSeries::getMaxY)
                .max()
                .orElse(10);
        double lower = Math.pow(10, Math.floor(Math.log10(min)));
        axis.setRange(lower, Math.max(lower * 10, Math.pow(10, Math.ceil(Math.log10(max)))));
        return axis;
    }

    /** A log axis has no place for zero: a percentile that rounds to 0 ms is left out. */
    private static void addIfPositive(XYSeries series, double x, double y) {
        if (y > 0) {
            series.add(x, y);
        }
    }

    private static JFreeChart chart(
            String title, String xLabel, ValueAxis yAxis, List<XYSeries> series, List<Color> colors, String noData) {
        var data = new XYSeriesCollection();
        series.forEach(data::addSeries);
        var xAxis = new NumberAxis(xLabel);
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        xAxis.setAutoRangeIncludesZero(true);
        var renderer = new XYLineAndShapeRenderer(true, true);
        var plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setNoDataMessage(noData);
        var chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, series.size() > 1);
        THEME.apply(chart); // first: it clears the series' colours
        for (int i = 0; i < colors.size(); i++) {
            renderer.setSeriesPaint(i, colors.get(i));
            renderer.setSeriesStroke(i, new BasicStroke(2));
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeMinorGridlinePaint(MINOR_GRID);
        return chart;
    }

    /** Type large enough to read when the picture is scaled down to the width of a page. */
    private static StandardChartTheme theme() {
        var theme = new StandardChartTheme("longpoll");
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setLegendBackgroundPaint(Color.WHITE);
        return theme;
    }
}
