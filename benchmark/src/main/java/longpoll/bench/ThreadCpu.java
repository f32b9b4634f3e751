package longpoll.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A process's CPU time by kind of thread, read from {@code /proc/<pid>/task}: which part of the
 * server a message's cost goes to, without a profiler. Kinds are told apart by the thread's name,
 * which Linux keeps to its first 15 characters. Time of a thread that ends between two readings
 * is left out.
 *
 * @param threads each thread's kind and CPU time so far, by thread id
 */
record ThreadCpu(Map<String, Timed> threads) {

    /** A thread's kind and its CPU time. */
    record Timed(String kind, long millis) {}

    static final String HTTP_WORKERS = "HTTP workers";
    static final String VIRTUAL_THREADS = "virtual threads";
    static final String SELECTORS = "I/O selectors";
    static final String GARBAGE_COLLECTOR = "garbage collector";
    static final String JIT = "JIT";
    static final String OTHER = "other";
    private static final List<String> KINDS =
            List.of(HTTP_WORKERS, VIRTUAL_THREADS, SELECTORS, GARBAGE_COLLECTOR, JIT, OTHER);

    /** A pid of 0 (a server the benchmark did not start) reads as no threads. */
    static ThreadCpu of(long pid) {
        var threads = new HashMap<String, Timed>();
        if (pid == 0) {
            return new ThreadCpu(threads);
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(task.getFileName().toString(), new Timed(kindOf(name), ServerStats.cpuMillisOf(stat)));
                } catch (NoSuchFileException ended) {
                    // the thread ended while the others were read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ThreadCpu(threads);
    }

    /**
     * The kind of a thread, by its name as {@code /proc} gives it: Payara's HTTP workers
     * ({@code http-thread-pool::http-listener(3)}), the carriers of virtual threads, which run the
     * pops and the answers ({@code ForkJoinPool-1-worker-2}), Grizzly's selector and the JDK's
     * pollers for virtual threads' sockets, the garbage collector's threads (G1's or ZGC's), the
     * JIT's compilers, and everything else.
     */
    static String kindOf(String name) {
        if (name.startsWith("http-thread-poo")) {
            return HTTP_WORKERS;
        }
        if (name.startsWith("ForkJoinPool-")) {
            return VIRTUAL_THREADS;
        }
        if (name.startsWith("http-listener-k") || name.endsWith("Poller")) {
            return SELECTORS;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("Z")) {
            return GARBAGE_COLLECTOR;
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return JIT;
        }
        return OTHER;
    }

    /** Each thread's CPU time from {@code start} to this reading. */
    ThreadCpu since(ThreadCpu start) {
        return new ThreadCpu(threads.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        thread -> new Timed(
                                thread.getValue().kind(),
                                thread.getValue().millis()
                                        - start.threads
                                                .getOrDefault(thread.getKey(), new Timed(OTHER, 0))
                                                .millis()))));
    }

    Map<String, Long> millisByKind() {
        return threads.values().stream()
                .collect(Collectors.groupingBy(Timed::kind, Collectors.summingLong(Timed::millis)));
    }

    /** e.g. "HTTP workers 0.48 ms, virtual threads 0.55 ms, ..." of CPU per message (or request). */
    String per(long count) {
        Map<String, Long> byKind = millisByKind();
        if (count == 0 || byKind.isEmpty()) {
            return "(not read)";
        }
        return KINDS.stream()
                .filter(byKind::containsKey)
                .map(kind -> String.format("%s %.3f ms", kind, (double) byKind.get(kind) / count))
                .collect(Collectors.joining(", "));
    }
}
