package longpoll.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each setting's default is declared once, in {@code META-INF/microprofile-config.properties},
 * and the settings tables say what it declares: docs/configuration.md's, every key with its
 * default, and the README's summary, some keys by their environment variable.
 */
class SettingsDocumentedTest {

    private static final Path DEFAULTS = Path.of("src/main/resources/META-INF/microprofile-config.properties");
    private static final Path SOURCES = Path.of("src/main/java");
    /** A row of a settings table: its first column, and the second column's text. */
    private static final Pattern ROW =
            Pattern.compile("(?m)^\\| `((?:longpoll\\.|LONGPOLL_)[A-Za-z0-9._-]+)` \\| ([^|]*?) \\|");
    /** A default is written as code ({@code `30`}, maybe with words after it); "none" and other words: no default. */
    private static final Pattern DEFAULT = Pattern.compile("^`([^`]*)`");

    private static final Pattern INJECTED =
            Pattern.compile("@ConfigProperty\\(name = \"([^\"]+)\"(, defaultValue = \"([^\"]*)\")?");
    private final Map<String, String> declared = declaredDefaults();
    private final Map<String, Optional<String>> documented = table(read(Path.of("docs/configuration.md")));

    @Test
    void everyDeclaredDefaultIsDocumentedAsItIs() {
        assertTrue(declared.containsKey("longpoll.redis.url"), declared.toString());
        declared.forEach((key, value) -> assertEquals(
                Optional.of(value), documented.get(key), "the default of " + key + " in docs/configuration.md"));
    }

    @Test
    void everyDocumentedDefaultIsTheDeclaredOne() {
        assertTrue(documented.containsKey("longpoll.redis.url"), "the settings table of docs/configuration.md");
        documented.forEach((key, value) -> assertEquals(
                value,
                Optional.ofNullable(declared.get(key)),
                key + ": docs/configuration.md's default, against " + DEFAULTS));
    }

    @Test
    void theReadmesSummaryGivesTheDocumentedDefaults() {
        Map<String, String> keysByEnvironmentName = new TreeMap<>();
        documented.keySet().forEach(key -> keysByEnvironmentName.put(environmentName(key), key));
        Map<String, Optional<String>> summary = table(read(Path.of("README.md")));

        assertTrue(summary.containsKey("LONGPOLL_REDIS_URL"), "the README's settings table");
        summary.forEach((name, value) -> {
            String key = keysByEnvironmentName.getOrDefault(name, name);
            assertTrue(documented.containsKey(key), name + " of the README is not in docs/configuration.md");
            assertEquals(documented.get(key), value, name + "'s default in the README");
        });
    }

    @Test
    void theCodeReadsEveryDocumentedKeyAndNoOther() {
        Set<String> read = new TreeSet<>();
        sources()
                .values()
                .forEach(source -> INJECTED.matcher(source).results().forEach(injected -> read.add(injected.group(1))));

        assertEquals(
                new TreeSet<>(documented.keySet()),
                read,
                "the keys of docs/configuration.md, and those the code reads");
    }

    @Test
    void noClassDeclaresADefaultOfItsOwn() {
        sources().forEach((file, source) -> {
            INJECTED.matcher(source)
                    .results()
                    .filter(injected -> injected.group(2) != null)
                    .forEach(injected ->
                            fail(file + " declares a default of " + injected.group(1) + ": it belongs in " + DEFAULTS));
        });
    }

    /** As MicroProfile Config reads a key from the environment: {@code longpoll.redis.url} → {@code LONGPOLL_REDIS_URL}. */
    private static String environmentName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    private static Map<String, String> declaredDefaults() {
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(DEFAULTS)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> defaults = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> defaults.put(key, properties.getProperty(key)));
        return defaults;
    }

    /** A settings table: each row's key (or environment variable) → its default, if it has one. */
    private static Map<String, Optional<String>> table(String markdown) {
        Map<String, Optional<String>> rows = new TreeMap<>();
        Matcher row = ROW.matcher(markdown);
        while (row.find()) {
            Matcher value = DEFAULT.matcher(row.group(2));
            rows.put(row.group(1), value.find() ? Optional.of(value.group(1)) : Optional.empty());
        }
        return rows;
    }

    /** Every main class's source, by its file. */
    private static Map<Path, String> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            Map<Path, String> sources = new TreeMap<>();
            files.filter(path -> path.toString().endsWith(".java")).forEach(file -> sources.put(file, read(file)));
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
