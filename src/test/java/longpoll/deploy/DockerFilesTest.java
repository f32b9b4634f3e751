package longpoll.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import longpoll.json.Json;
import longpoll.support.PayaraMicroProcess;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where the tests do, so the image and the compose setup are never built
 * here. These tests keep their files true to the rest of the repository instead: what the
 * Dockerfile copies exists, the image starts Payara Micro exactly as the run command does, and the
 * ports, settings and proxy timeouts agree with the docs and with each other.
 */
class DockerFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    /** Payara Micro's runtime directory in the image, which the image's user may write. */
    private static final String RUNTIME_DIR = "/opt/payara/runtime";
    /** The Payara Micro jar in the image, which the entrypoint and the training start alike. */
    private static final String MICRO_JAR = "/opt/payara/payara-micro.jar";

    private static final Pattern ENV_NAME = Pattern.compile("\\bLONGPOLL_[A-Z0-9_]+\\b");

    private final String dockerfile = read("Dockerfile");
    private final String composeFile = read("compose.yaml");
    private final Map<String, Object> compose = new Yaml().load(composeFile);
    private final String nginx = read("proxy/nginx.conf");
    private final String readme = read("README.md");
    private final String configuration = read("docs/configuration.md");

    @Test
    void everyFileTheImageCopiesFromTheRepositoryExists() {
        List<String> sources = new ArrayList<>();
        for (String line : instructions("COPY")) {
            List<String> words = new ArrayList<>(List.of(line.split("\\s+")));
            if (words.removeIf(word -> word.startsWith("--from="))) {
                continue; // copied from another stage or image
            }
            words.removeIf(word -> word.startsWith("--"));
            sources.addAll(words.subList(0, words.size() - 1));
        }

        assertTrue(sources.containsAll(List.of("mvnw", "pom.xml", ".mvn", "src", "payara-config")), sources.toString());
        for (String source : sources) {
            assertTrue(
                    Files.exists(ROOT.resolve(source)),
                    "the Dockerfile copies " + source + ", which is not in the repository");
        }
    }

    /** JDK 25, which the run command and the tests use, and the Payara Micro jar the build fetches. */
    @Test
    void imageRunsThePayaraMicroOfTheBuildOnJdk25() {
        List<String> from = instructions("FROM");

        assertEquals("eclipse-temurin:25-jre", from.getLast());
        assertTrue(
                instructions("COPY").contains("--from=eclipse-temurin:25-jdk /opt/java/openjdk /opt/java/openjdk"),
                "the build's JDK is 25 too: " + instructions("COPY"));
        assertEquals(MICRO_JAR, copyDestination("/src/target/payara-micro.jar"));
    }

    @Test
    void imageStartsPayaraMicroAsTheRunCommandDoes() {
        String war = copyDestination("/src/target/longpoll.war");
        String payaraConfig = copyDestination("payara-config");

        assertEquals(PayaraMicroProcess.options(war, payaraConfig, RUNTIME_DIR), execForm(single("CMD")));
        assertTrue(
                jvmArgs().startsWith(PayaraMicroProcess.jvmOptions(payaraConfig) + " "),
                "the entrypoint passes JVM_ARGS to java: " + jvmArgs());
        assertEquals(
                List.of(
                        "/bin/sh",
                        "-c",
                        "rm -rf " + RUNTIME_DIR + " && exec java $JVM_ARGS -jar " + MICRO_JAR + " \"$@\"",
                        "payara-micro"),
                execForm(single("ENTRYPOINT")),
                "a container restarted in place starts from an empty runtime directory, and java replaces the"
                        + " shell, so that SIGTERM reaches it, with the CMD's options");
    }

    /** An AOT cache fits the start that wrote it: the entrypoint's jar, JVM options and CMD. */
    @Test
    void imageStartsFromTheCacheOfATrainingStartLikeItsOwn() {
        String war = copyDestination("/src/target/longpoll.war");
        String payaraConfig = copyDestination("payara-config");
        String cache = matchIn(jvmArgs(), "-XX:AOTCache=(\\S+)");
        List<String> training = instructions("RUN").stream()
                .filter(run -> run.contains("-XX:AOTCacheOutput="))
                .toList();

        List<String> start = new ArrayList<>(List.of(
                "java", PayaraMicroProcess.jvmOptions(payaraConfig), "-XX:AOTCacheOutput=" + cache, "-jar", MICRO_JAR));
        start.addAll(PayaraMicroProcess.options(war, payaraConfig, RUNTIME_DIR));
        start.add("--warmup");

        assertEquals(1, training.size(), "one training start: " + instructions("RUN"));
        assertEquals(start, List.of(training.getFirst().split(" && ")[0].split("\\s+")));
        assertTrue(
                training.getFirst().endsWith(" && rm -rf " + RUNTIME_DIR),
                "the training leaves no runtime directory with its WAR registered: " + training.getFirst());
    }

    /** The dedicated node's JVM options are there to be chosen (JVM_ARGS), as its comment says. */
    @Test
    void imageUsesEveryFileOfPayaraConfigOrNamesIt() throws IOException {
        String command = single("CMD") + " " + instructions("ENV");
        try (Stream<Path> files = Files.list(ROOT.resolve("payara-config"))) {
            files.forEach(file -> assertTrue(
                    command.contains("/payara-config/" + file.getFileName())
                            || dockerfile.contains("JVM_ARGS=\"@/opt/payara/payara-config/" + file.getFileName() + " "),
                    "the image neither uses nor names payara-config/" + file.getFileName()));
        }
    }

    @Test
    void imageRunsAsANonRootUserAndReportsReadinessOnItsPort() {
        String user = single("USER");
        String port = single("EXPOSE");
        String healthCheck = single("HEALTHCHECK");

        assertNotEquals("root", user);
        assertNotEquals("0", user);
        assertEquals("8080", port);
        assertTrue(healthCheck.contains("/health/ready"), healthCheck);
        assertTrue(healthCheck.contains("127.0.0.1/" + port), healthCheck);
    }

    @Test
    void everySettingInTheDockerFilesIsOneOfTheReadmesTable() {
        Set<String> documented = documentedSettings().keySet().stream()
                .map(DockerFilesTest::environmentName)
                .collect(TreeSet::new, Set::add, Set::addAll);
        Set<String> used = new TreeSet<>();
        used.addAll(environmentNamesIn(dockerfile));
        used.addAll(environmentNamesIn(composeFile));

        assertTrue(used.contains("LONGPOLL_REDIS_URL"), used.toString());
        assertTrue(
                documented.containsAll(used),
                "not in the settings table of docs/configuration.md: " + difference(used, documented));
    }

    @Test
    void composeRunsTwoNodesOfTheImageOnARedisThatKeepsItsData() {
        Map<String, Object> redis = service("redis");

        assertEquals(List.of("redis-server", "--appendonly", "yes"), redis.get("command"), "Redis with appendonly yes");
        assertTrue(list(redis, "volumes").contains("redis-data:/data"), "Redis keeps its data in a volume");
        assertEquals(
                "redis://redis:6379",
                map(node(), "environment").get("LONGPOLL_REDIS_URL"),
                "the nodes use compose's Redis");
        assertEquals(List.of("longpoll-1", "longpoll-2"), longpollNodes());
        assertEquals(".", node().get("build"), "the nodes run the image of this Dockerfile");
    }

    @Test
    void composeRunsRedisAndTwoNodesIn3GigabytesAndTheImageHonoursTheContainersLimit() {
        long node = megabytes(node().get("mem_limit"));
        long redis = megabytes(service("redis").get("mem_limit"));

        assertTrue(
                redis + longpollNodes().size() * node <= 3 * 1024,
                redis + " MB + " + longpollNodes().size() + " × " + node + " MB");
        String jvmOptions = read("payara-config/jvm.options");
        assertTrue(jvmOptions.contains("-XX:MaxRAMPercentage="), "a heap sized from the container's limit");
        assertFalse(jvmOptions.contains("-Xmx") || jvmOptions.contains("-Xms"), "no fixed heap by default");
        assertFalse(jvmOptions.contains("TransparentHugePages"), "nothing Linux-only by default");
    }

    /** Compose's {@code mem_limit}, e.g. {@code 512m} or {@code 1g}, in megabytes. */
    private static long megabytes(Object limit) {
        String size = assertInstanceOf(String.class, limit, "mem_limit");
        long amount = Long.parseLong(size.substring(0, size.length() - 1));
        return size.endsWith("g") ? amount * 1024 : amount;
    }

    @Test
    void composePublishesTheProxyOnThePortTheReadmeNames() {
        Map<String, Object> proxy = service("proxy");
        String listen = matchIn(nginx, "(?m)^\\s*listen (\\d+);");

        assertTrue(
                list(proxy, "volumes").contains("./proxy/nginx.conf:/etc/nginx/nginx.conf:ro"),
                "the proxy uses proxy/nginx.conf");
        assertTrue(list(proxy, "ports").contains("8080:" + listen), "the proxy is published on 8080");
        assertTrue(readme.contains("http://localhost:8080/"));
    }

    @Test
    void proxySendsToEveryNodeOnTheImagesPort() {
        List<MatchResult> servers = Pattern.compile("(?m)^\\s*server (\\S+):(\\d+);")
                .matcher(nginx)
                .results()
                .toList();

        assertEquals(
                longpollNodes(), servers.stream().map(server -> server.group(1)).toList());
        servers.forEach(server ->
                assertEquals(single("EXPOSE"), server.group(2), server.group().strip()));
    }

    @Test
    void proxyWaitsLongerThanAPollAndPassesAnswersOnUnbuffered() {
        int pollTimeout =
                Integer.parseInt(String.valueOf(map(node(), "environment").get("LONGPOLL_POLL_TIMEOUT_SECONDS")));
        int readTimeout = Integer.parseInt(matchIn(nginx, "proxy_read_timeout (\\d+)s;"));

        assertEquals(documentedSettings().get("longpoll.poll.timeout-seconds"), String.valueOf(pollTimeout));
        assertTrue(
                readTimeout > pollTimeout,
                "proxy_read_timeout " + readTimeout + " s must exceed a poll's " + pollTimeout + " s");
        assertTrue(nginx.contains("proxy_buffering off;"));
        assertTrue(nginx.contains("proxy_http_version 1.1;"));
    }

    /** The image's {@code JVM_ARGS}, unquoted. */
    private String jvmArgs() {
        return instructions("ENV").stream()
                .filter(env -> env.startsWith("JVM_ARGS="))
                .map(env -> env.substring("JVM_ARGS=".length()).replaceAll("^\"|\"$", ""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Dockerfile sets no JVM_ARGS"));
    }

    /** The Dockerfile's instructions of that name, each on one line, without the name. */
    private List<String> instructions(String name) {
        return Pattern.compile("(?m)^" + name + "\\s+((?:.*\\\\\\n)*.*)$")
                .matcher(dockerfile)
                .results()
                .map(instruction ->
                        instruction.group(1).replaceAll("\\\\\\n\\s*", " ").trim())
                .toList();
    }

    private String single(String name) {
        List<String> found = instructions(name);
        assertEquals(1, found.size(), name + " instructions: " + found);
        return found.getFirst();
    }

    /** Where the COPY of {@code source} puts it in the image. */
    private String copyDestination(String source) {
        return instructions("COPY").stream()
                .map(line -> line.split("\\s+"))
                .filter(words -> words[words.length - 2].equals(source))
                .map(words -> words[words.length - 1])
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Dockerfile does not copy " + source));
    }

    private static List<String> execForm(String instruction) {
        List<?> words = Json.fromJson(instruction, List.class);
        return words.stream().map(String.class::cast).toList();
    }

    /** The nodes: the services that are {@code x-longpoll} (its alias), in the file's order. */
    private List<String> longpollNodes() {
        return map(compose, "services").entrySet().stream()
                .filter(service -> service.getValue().equals(node()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** What every node of compose.yaml is: {@code x-longpoll}. */
    private Map<String, Object> node() {
        return map(compose, "x-longpoll");
    }

    private Map<String, Object> service(String name) {
        return map(map(compose, "services"), name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> yaml, String key) {
        return assertInstanceOf(Map.class, yaml.get(key), key);
    }

    private static List<?> list(Map<String, Object> yaml, String key) {
        return assertInstanceOf(List.class, yaml.get(key), key);
    }

    /** The settings table (docs/configuration.md): key → default. */
    private Map<String, String> documentedSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(longpoll\\.[a-z0-9.-]+)` \\| `([^`]*)` \\|")
                .matcher(configuration);
        while (row.find()) {
            settings.put(row.group(1), row.group(2));
        }
        assertTrue(settings.containsKey("longpoll.redis.url"), "the settings table of docs/configuration.md");
        return settings;
    }

    /** As MicroProfile Config reads a key from the environment: {@code longpoll.redis.url} → {@code LONGPOLL_REDIS_URL}. */
    private static String environmentName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    private static Set<String> environmentNamesIn(String text) {
        Set<String> names = new TreeSet<>();
        ENV_NAME.matcher(text).results().forEach(match -> names.add(match.group()));
        return names;
    }

    private static Set<String> difference(Set<String> all, Set<String> known) {
        Set<String> rest = new TreeSet<>(all);
        rest.removeAll(known);
        return rest;
    }

    private static String matchIn(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), "no " + regex);
        return matcher.group(1);
    }

    private static String read(String file) {
        try {
            return Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new AssertionError("the repository has no " + file, e);
        }
    }
}
