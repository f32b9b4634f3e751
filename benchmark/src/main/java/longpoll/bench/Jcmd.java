package longpoll.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Asks the server's JVM, through {@code jcmd}, for its heap and for a profile of the measured run. */
final class Jcmd {

    private static final String RECORDING = "longpoll-bench";

    private Jcmd() {}

    /** The first line of {@code GC.heap_info}. */
    static String heap(long pid) throws InterruptedException {
        String out = run(pid, "GC.heap_info");
        return out.lines()
                .filter(line -> line.contains("total"))
                .findFirst()
                .orElse(out)
                .trim();
    }

    /**
     * The bytes of every object still reachable, after the full collection that
     * {@code GC.class_histogram} runs first: what the server needs, unlike its resident memory,
     * which also holds garbage not yet collected and heap the collector keeps for later.
     */
    static long liveHeapBytes(long pid) throws InterruptedException {
        return run(pid, "GC.class_histogram")
                .lines()
                .filter(line -> line.startsWith("Total"))
                .mapToLong(line -> Long.parseLong(line.trim().split("\\s+")[2]))
                .findFirst()
                .orElse(0);
    }

    /** Starts Flight Recorder with its profiling settings (method samples, allocations, locks). */
    static void startProfile(long pid) throws InterruptedException {
        run(pid, "JFR.start", "name=" + RECORDING, "settings=profile");
    }

    /** Writes the recording to {@code file}; {@code jfr print --events jdk.ExecutionSample} reads it. */
    static void stopProfile(long pid, Path file) throws InterruptedException {
        run(pid, "JFR.stop", "name=" + RECORDING, "filename=" + file.toAbsolutePath());
    }

    private static String run(long pid, String... command) throws InterruptedException {
        if (pid == 0) {
            return "(not read)";
        }
        String jcmd = ProcessHandle.current().info().command().orElse("java").replaceAll("java$", "jcmd");
        var arguments = new ArrayList<String>();
        arguments.add(jcmd);
        arguments.add(String.valueOf(pid));
        arguments.addAll(List.of(command));
        try {
            var process =
                    new ProcessBuilder(arguments).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            return out;
        } catch (IOException e) {
            return "(jcmd failed: " + e.getMessage() + ")";
        }
    }
}
