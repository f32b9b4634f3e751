package longpoll.stats;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Prometheus text scrape (format 0.0.4), read into its series: each known as its name and its
 * labels sorted by name ({@code name{a="1",b="2"}}), whatever order the writer put them in.
 */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, String> types = new HashMap<>();

    private Scrape() {}

    public static Scrape of(String text) {
        var scrape = new Scrape();
        text.lines().forEach(scrape::read);
        return scrape;
    }

    private void read(String line) {
        if (line.startsWith("# TYPE ")) {
            String[] type = line.split(" ");
            types.put(type[2], type[3]);
            return;
        }
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches()) {
            throw new IllegalArgumentException("Not a sample: " + line);
        }
        var labels = new TreeMap<String, String>();
        if (sample.group(2) != null) {
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        values.put(series(sample.group(1), labels), number(sample.group(3)));
    }

    /** @throws AssertionError when the scrape has no such series */
    public double value(String series) {
        Double value = values.get(series);
        if (value == null) {
            throw new AssertionError("No series " + series + " in the scrape");
        }
        return value;
    }

    /** The {@code # TYPE} of a metric family: counter, gauge, histogram, … */
    public String type(String family) {
        return types.get(family);
    }

    public Stream<String> series() {
        return values.keySet().stream();
    }

    private static String series(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        var series = new StringBuilder(name).append('{');
        labels.forEach((label, value) ->
                series.append(label).append("=\"").append(value).append("\","));
        series.setCharAt(series.length() - 1, '}');
        return series.toString();
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
