package longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

@EnabledForJreRange(min = JRE.JAVA_25)
class AotCacheTest {

    @TempDir
    Path dir;

    @Test
    void aCacheTheJvmWroteIsKeptInPlaceOfOlderOnes() throws Exception {
        Path jvmOptions = file("jvm.options", "-XX:MaxRAMPercentage=75");
        AotCache cache = cacheOf(file("payara-micro.jar", "a jar"), jvmOptions);
        String record = cache.recordOptions().getFirst();
        Path older = Files.writeString(dir.resolve("aot/payara-micro-0badcafe.aot"), "a cache of another JDK");

        runJava("@" + jvmOptions, record, "-version");

        assertTrue(cache.keepRecording());
        assertTrue(cache.exists());
        assertFalse(Files.exists(older));
    }

    @Test
    void anIncompleteCacheIsNotKept() throws Exception {
        AotCache cache = cacheOf(file("payara-micro.jar", "a jar"), file("jvm.options", "-XX:MaxRAMPercentage=75"));
        String output = cache.recordOptions().getFirst();
        Files.writeString(Path.of(output.substring(output.indexOf('=') + 1)), "the start of a cache");

        assertFalse(cache.keepRecording());
        assertFalse(cache.exists());
    }

    @Test
    void anotherPayaraMicroJarOrOtherJvmOptionsHaveACacheOfTheirOwn() throws Exception {
        Path options = file("jvm.options", "-XX:MaxRAMPercentage=75");
        List<String> cache = cacheOf(file("payara-micro.jar", "a jar"), options).readOptions();

        assertEquals(cache, cacheOf(file("payara-micro.jar", "a jar"), options).readOptions());
        assertNotEquals(
                cache, cacheOf(file("payara-micro.jar", "another jar"), options).readOptions());
        assertNotEquals(
                cache,
                cacheOf(file("payara-micro.jar", "a jar"), file("jvm.options", "-Xmx1g"))
                        .readOptions());
    }

    private AotCache cacheOf(Path microJar, Path jvmOptions) throws IOException {
        return AotCache.in(dir.resolve("aot"), microJar, jvmOptions).orElseThrow();
    }

    private Path file(String name, String content) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        // The same modified time for the same content: the cache's name reads it.
        return Files.setLastModifiedTime(file, FileTime.fromMillis(0));
    }

    private static void runJava(String... arguments) throws Exception {
        var command =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(List.of(arguments));
        Process java = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertEquals(0, java.waitFor());
    }
}
