package longpoll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The run command's ahead-of-time cache (JDK 25's, JEPs 483, 514 and 515): the classes that
 * Payara Micro and the WAR load as the server starts, parsed and linked, with the profiles of the
 * methods they ran, recorded by one training start and read by every later one. The JVM takes
 * from a cache only what still fits (the same JDK build; for each class, the same class file) and
 * loads the rest as without one, so a cache never keeps the server from starting. Payara Micro
 * unpacks itself into a new temporary directory at every start; the JVM finds the classes its
 * class loaders load there by name and class file, wherever that directory is.
 */
final class AotCache {

    /** The first JDK that records a cache in the training start itself ({@code -XX:AOTCacheOutput}). */
    private static final int FIRST_JDK = 25;

    /** Every cache's name, and every file the JVM writes for one, starts with it. */
    private static final String PREFIX = "payara-micro-";

    private final Path file;
    private final Path recording;
    private final Path jvmOptions;

    private AotCache(Path file, Path jvmOptions) {
        this.file = file;
        this.recording = file.resolveSibling(file.getFileName() + ".recording");
        this.jvmOptions = jvmOptions;
    }

    /**
     * The cache in {@code dir} of this JDK, this Payara Micro jar and these JVM options, or none
     * before JDK 25. Named after them, so that a new JDK, Payara Micro or option trains a cache of
     * its own. The WAR is not in the name: a class of it changed since the training is loaded from
     * the WAR as usual, and training again after every change of the code would make each first
     * start after it slow.
     */
    static Optional<AotCache> in(Path dir, Path microJar, Path jvmOptions) throws IOException {
        if (Runtime.version().feature() < FIRST_JDK) {
            return Optional.empty();
        }
        String madeFor = String.join(
                "\n",
                Runtime.version().toString(),
                microJar.toAbsolutePath().toString(),
                String.valueOf(Files.size(microJar)),
                Files.getLastModifiedTime(microJar).toString(),
                Files.readString(jvmOptions));
        String name = PREFIX + HexFormat.of().toHexDigits(madeFor.hashCode()) + ".aot";
        return Optional.of(new AotCache(dir.resolve(name), jvmOptions));
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The JVM's options of a start from the cache. */
    List<String> readOptions() {
        return List.of("-XX:AOTCache=" + file);
    }

    /** The JVM's options of the training start: its JVM writes the cache as it exits, for {@link #keepRecording()}. */
    List<String> recordOptions() throws IOException {
        Files.createDirectories(file.getParent());
        return List.of("-XX:AOTCacheOutput=" + recording);
    }

    /**
     * After the training start: makes its cache the one later starts read, in place of those of
     * other JDKs, jars or options, if the JVM can use it. The JVM writes it in a process of its
     * own and exits with 0 even if that one fails, leaving an incomplete file.
     */
    boolean keepRecording() throws IOException, InterruptedException {
        if (!Files.isRegularFile(recording) || !usable(recording)) {
            return false;
        }
        try (var files = Files.list(file.getParent())) {
            for (Path other : files.filter(AotCache::isCache)
                    .filter(other -> !other.equals(recording))
                    .toList()) {
                Files.delete(other);
            }
        }
        Files.move(recording, file, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static boolean isCache(Path file) {
        return file.getFileName().toString().startsWith(PREFIX);
    }

    /** {@code -XX:AOTMode=on}: the JVM refuses to start from a cache it cannot map. */
    private boolean usable(Path cache) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process check = new ProcessBuilder(
                        java, "@" + jvmOptions, "-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return check.waitFor() == 0;
    }
}
