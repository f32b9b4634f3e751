package longpoll.bench;

import java.io.IOException;

/** The server's Java heap, as {@code jcmd <pid> GC.heap_info} reports it (first line). */
final class Heap {

    private Heap() {}

    static String of(long pid) throws InterruptedException {
        if (pid == 0) {
            return "(not read)";
        }
        String jcmd = ProcessHandle.current().info().command().orElse("java").replaceAll("java$", "jcmd");
        try {
            var process = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            return out.lines().filter(line -> line.contains("total")).findFirst().orElse(out).trim();
        } catch (IOException e) {
            return "(jcmd failed: " + e.getMessage() + ")";
        }
    }
}
