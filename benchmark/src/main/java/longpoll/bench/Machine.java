package longpoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The machine a benchmark ran on, printed with its figures. */
final class Machine {

    private Machine() {}

    static String describe() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown CPU");
        long memKib = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst()
                .orElse(0);
        return String.format(
                "machine: %d cores (%s), %d GiB RAM, %s %s, Java %s; server, Redis and load generator on loopback; %s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                Math.round(memKib / 1024.0 / 1024.0),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.version"),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE));
    }
}
