package longpoll.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a server process costs, read from Linux's {@code /proc}: resident memory, threads and
 * open files. A pid of 0 (a server the benchmark did not start) reads as zeros.
 *
 * @param rssKib resident set size, KiB
 */
record ServerStats(long rssKib, int threads, int openFiles) {

    static ServerStats of(long pid) {
        if (pid == 0) {
            return new ServerStats(0, 0, 0);
        }
        Path proc = Path.of("/proc", String.valueOf(pid));
        try (Stream<String> status = Files.lines(proc.resolve("status")); Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            long rss = 0;
            int threads = 0;
            for (String line : (Iterable<String>) status::iterator) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            return new ServerStats(rss, threads, (int) fds.count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
