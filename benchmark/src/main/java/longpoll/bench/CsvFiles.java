package longpoll.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The benchmark's CSV files, written and read in one format, with a header naming each column:
 * {@code results.csv}, a row per measured run, {@code hold-memory.csv}, the server's memory as
 * the hold preset opened its polls, and {@code cold-windows.csv} ({@code cold-aot-windows.csv}
 * with the AOT cache), the cold preset's 5-second windows. Readers take columns by name, so a column added later breaks
 * none of them.
 */
final class CsvFiles {

    static final List<String> RESULTS = List.of(
            "date",
            "preset",
            "clients",
            "rate",
            "seconds",
            "sent_ok",
            "received",
            "msg_per_s",
            "lost",
            "duplicated",
            "errors",
            "p50_ms",
            "p90_ms",
            "p99_ms",
            "p999_ms",
            "max_ms",
            "idle_rss_kib",
            "held_rss_kib",
            "end_rss_kib",
            "held_threads",
            "held_open_files",
            "rss_per_poll_bytes",
            "live_heap_per_poll_bytes",
            "server_cpu_ms_per_msg");
    static final List<String> HOLD_MEMORY = List.of("waiting_polls", "rss_kib");
    static final List<String> COLD_WINDOWS = List.of(
            "window_start_s", "since_process_start_s", "offered", "delivered", "delivered_percent", "p50_ms", "p99_ms");

    /** Lines end in a line feed, as the files' other tools (shells, spreadsheets, git) expect on Linux. */
    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    private static final CSVFormat WITH_HEADER_LINE =
            FORMAT.builder().setHeader().setSkipHeaderRecord(true).get();

    private CsvFiles() {}

    /** Adds a row at the end of {@code csv}, after the header line when the file is new. */
    static void append(Path csv, List<String> columns, List<?> row) throws IOException {
        boolean fresh = !Files.exists(csv);
        var format = FORMAT.builder()
                .setHeader(columns.toArray(String[]::new))
                .setSkipHeaderRecord(!fresh)
                .get();
        try (var out = Files.newBufferedWriter(csv, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                var printer = new CSVPrinter(out, format)) {
            printer.printRecord(row);
        }
    }

    /** Writes {@code csv} anew: the header line, then the rows. */
    static void write(Path csv, List<String> columns, List<? extends List<?>> rows) throws IOException {
        var format = FORMAT.builder().setHeader(columns.toArray(String[]::new)).get();
        try (var out = Files.newBufferedWriter(csv);
                var printer = new CSVPrinter(out, format)) {
            printer.printRecords(rows);
        }
    }

    /** The rows of {@code csv}, their values taken by the names of its header line; none when there is no such file. */
    static List<CSVRecord> read(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            return List.of();
        }
        try (Reader in = Files.newBufferedReader(csv);
                var parser = WITH_HEADER_LINE.parse(in)) {
            return parser.getRecords();
        }
    }
}
