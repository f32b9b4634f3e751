package longpoll.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVRecord;

/**
 * Draws the benchmark's picture: delivery latency against load (the "curve" rows of
 * results.csv) and the server's memory against waiting polls (the "hold" run's samples).
 */
final class Chart {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 450;
    private static final int MARGIN = 70;

    private Chart() {}

    static void draw(Path results, Path holdMemory, Path png) throws IOException {
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        var p50 = new ArrayList<double[]>();
        var p99 = new ArrayList<double[]>();
        for (CSVRecord row : CsvFiles.read(results)) {
            if (row.get("preset").equals("curve")) {
                double rate = Double.parseDouble(row.get("rate"));
                p50.add(new double[] {rate, Double.parseDouble(row.get("p50_ms"))});
                p99.add(new double[] {rate, Double.parseDouble(row.get("p99_ms"))});
            }
        }
        panel(g, 0, "Delivery latency, 5,000 waiting clients", "messages per second", "ms",
                Map.of("p50", p50, "p99", p99));

        var memory = new ArrayList<double[]>();
        for (CSVRecord row : CsvFiles.read(holdMemory)) {
            memory.add(new double[] {Double.parseDouble(row.get("waiting_polls")), Double.parseDouble(row.get("rss_kib")) / 1024});
        }
        panel(g, WIDTH / 2, "Server memory while polls wait", "waiting polls", "RSS MiB", Map.of("RSS", memory));
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
        System.out.println("Drew " + png);
    }

    private static void panel(Graphics2D g, int left, String title, String xLabel, String yLabel,
            Map<String, List<double[]>> series) {
        int x0 = left + MARGIN;
        int y0 = HEIGHT - MARGIN;
        int w = WIDTH / 2 - 2 * MARGIN;
        int h = HEIGHT - 2 * MARGIN;
        double maxX = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
        double maxY = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElse(1) * 1.1;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x0, MARGIN - 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(x0, y0, x0 + w, y0);
        g.drawLine(x0, y0, x0, y0 - h);
        g.drawString(xLabel, x0 + w / 2 - 40, y0 + 40);
        g.drawString(yLabel, x0 - 55, y0 - h - 10);
        for (int tick = 0; tick <= 4; tick++) {
            g.drawString(String.format("%.0f", maxX * tick / 4), x0 + w * tick / 4 - 10, y0 + 18);
            g.drawString(String.format("%.1f", maxY * tick / 4), x0 - 50, y0 - h * tick / 4 + 4);
        }
        Color[] colors = {new Color(0x1f77b4), new Color(0xd62728)};
        int c = 0;
        for (var entry : series.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            g.setColor(colors[c % colors.length]);
            g.setStroke(new BasicStroke(2));
            int[] last = null;
            for (double[] point : entry.getValue()) {
                int[] p = {x0 + (int) (w * point[0] / maxX), y0 - (int) (h * point[1] / maxY)};
                g.fillOval(p[0] - 3, p[1] - 3, 6, 6);
                if (last != null) {
                    g.drawLine(last[0], last[1], p[0], p[1]);
                }
                last = p;
            }
            g.drawString(entry.getKey(), x0 + w - 60, y0 - h + 15 * (c + 1));
            c++;
        }
    }
}
