package longpoll.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a process costs, read from Linux's {@code /proc}: resident memory, threads, open files and
 * CPU time used so far. A pid of 0 (a server the benchmark did not start) reads as zeros.
 *
 * @param rssKib    resident set size, KiB
 * @param cpuMillis user and system CPU time since the process started
 */
record ServerStats(long rssKib, int threads, int openFiles, long cpuMillis) {

    /** Linux counts CPU time in clock ticks of 1/100 s on every platform the JDK runs on. */
    private static final int MILLIS_PER_TICK = 10;

    static ServerStats of(long pid) {
        if (pid == 0) {
            return new ServerStats(0, 0, 0, 0);
        }
        Path proc = Path.of("/proc", String.valueOf(pid));
        try (Stream<String> status = Files.lines(proc.resolve("status"));
                Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            long rss = 0;
            int threads = 0;
            for (String line : (Iterable<String>) status::iterator) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            return new ServerStats(rss, threads, (int) fds.count(), cpuMillis(proc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long cpuMillis(Path proc) throws IOException {
        return cpuMillisOf(Files.readString(proc.resolve("stat")));
    }

    /**
     * The CPU time in a process's or a thread's {@code stat}: fields 14 and 15 (utime, stime),
     * counted after the parenthesised command name.
     */
    static long cpuMillisOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
    }
}
